import HyperSFU
import Testing

/// If-Match against a WHEP resource's ETag (RFC 9110 §13.1.1).
@Suite struct EntityTagConditionTests {
    @Test func starAndListsMatchByStrongComparison() {
        #expect(EntityTagCondition.matches("*", etag: "\"a1\""))
        #expect(EntityTagCondition.matches("\"a1\"", etag: "\"a1\""))
        #expect(EntityTagCondition.matches("\"zz\", \"a1\"", etag: "\"a1\""))
        #expect(!EntityTagCondition.matches("\"a2\"", etag: "\"a1\""))
        #expect(!EntityTagCondition.matches("W/\"a1\"", etag: "\"a1\""))
        #expect(!EntityTagCondition.matches("a1", etag: "\"a1\""))
    }
}
