import HyperRTC
import NIOCore
import Testing

@testable import HyperSFU

/// The router makes no identities of its own: an ICE restart's local credentials and ETag come from the injected
/// `ViewerIdentities`, so a restart is reproducible in virtual time.
@Suite struct MediaRouterIdentityTests {
    let good = RouterHarness.address("127.0.0.1", 40_000)
    let moved = RouterHarness.address("127.0.0.1", 40_001)

    /// Identities numbered in the order they are asked for.
    final class NumberedIdentities {
        var issued = 0

        var identities: ViewerIdentities {
            ViewerIdentities(
                iceCredentials: { [unowned self] in
                    issued += 1
                    return Self.credentials(issued)
                },
                etag: { [unowned self] in "\"restart-\(issued)\"" })
        }

        static func credentials(_ number: Int) -> ICECredentials {
            ICECredentials(ufrag: "rst\(number)", password: "restartPasswordNumber\(number)xx")
        }
    }

    @Test func anICERestartTakesItsCredentialsAndETagFromTheInjectedIdentities() throws {
        let numbered = NumberedIdentities()
        let harness = try RouterHarness(identities: numbered.identities)
        harness.connect(from: good, now: 1)
        _ = harness.sent()
        let newViewer = ICECredentials(ufrag: "vie2", password: "viewerPasswordAfterRestart")
        let first = try #require(
            harness.router.restartICE(
                viewerID: harness.viewer.id, sessionID: RouterHarness.sessionID, remote: newViewer, now: 2))
        #expect(first.local == NumberedIdentities.credentials(1))
        #expect(first.etag == "\"restart-1\"")
        #expect(harness.viewer.etag == first.etag)

        harness.router.receive(harness.bindingRequest(viewer: newViewer), from: moved, now: 2.1)
        #expect(harness.sent().isEmpty, "the local credentials before the restart no longer route")
        harness.router.receive(harness.bindingRequest(server: first.local, viewer: newViewer), from: moved, now: 2.2)
        let answers = harness.sent().filter { $0.to == moved }
        #expect(answers.contains { (try? STUNMessage(parsing: $0.bytes))?.messageClass == .successResponse })

        let second = try #require(
            harness.router.restartICE(
                viewerID: harness.viewer.id, sessionID: RouterHarness.sessionID, remote: newViewer, now: 3))
        #expect(second.local == NumberedIdentities.credentials(2))
        #expect(second.etag == "\"restart-2\"")
        #expect(numbered.issued == 2)
    }
}
