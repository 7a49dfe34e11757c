import HyperCluster
import Testing

extension ClusterDatabaseTests {
    @Suite struct MigrationTests {
        @Test func migratingTwiceAppliesEachVersionOnce() async throws {
            try await withStores(1) { stores in
                #expect(try await stores[0].migrate() == [1, 2])
                #expect(try await stores[0].migrate() == [])
                try await stores[0].register(node: testNode("a", budget: 10), ttl: .seconds(30))
                #expect(try await stores[0].liveNodes().map(\.node.id) == ["a"])
            }
        }

        @Test func threeNodesMigratingAtOnceApplyTheSchemaOnce() async throws {
            try await withStores(3) { stores in
                let applied = try await withThrowingTaskGroup(of: [Int].self) { group in
                    for store in stores {
                        group.addTask { try await store.migrate() }
                    }
                    return try await group.reduce(into: [Int]()) { $0 += $1 }
                }
                #expect(applied == [1, 2])
                try await stores[1].register(node: testNode("b", budget: 10), ttl: .seconds(30))
                #expect(try await stores[2].liveNodes().map(\.node.id) == ["b"])
            }
        }
    }
}
