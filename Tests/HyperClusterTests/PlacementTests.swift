import HyperCluster
import Testing

extension ClusterDatabaseTests {
    @Suite struct PlacementTests {
        @Test func choosesTheLeastLoadedNodeWithinItsBudget() async throws {
            try await withStores(1) { stores in
                let store = stores[0]
                try await store.migrate()
                try await store.register(node: testNode("a", budget: 100), ttl: .seconds(60))
                try await store.register(node: testNode("b", budget: 100), ttl: .seconds(60))

                // Ties go to fewer sessions, then the smaller id.
                #expect(try await place(store, "s1", 60).ownerNodeID == "a")
                #expect(try await place(store, "s2", 30).ownerNodeID == "b")
                #expect(try await place(store, "s3", 30).ownerNodeID == "b")
                #expect(await errorCode { try await place(store, "s4", 50) } == .noCapacity)
                let placement = try await place(store, "s5", 40)
                #expect(
                    placement
                        == SessionPlacement(
                            ownerNodeID: "a", ownerWHEPBaseURL: "https://a.test:8443/whep", generation: 1))

                let nodes = try await store.liveNodes()
                #expect(nodes.map(\.committedPixelRate) == [100, 60])
                #expect(nodes.map(\.ownedSessions) == [2, 2])
                #expect(try await store.sessions().map(\.id) == ["s1", "s2", "s3", "s5"])
            }
        }

        @Test func refusesWithoutALiveNodeAndNamesADuplicate() async throws {
            try await withStores(1) { stores in
                let store = stores[0]
                try await store.migrate()
                #expect(await errorCode { try await place(store, "s1", 1) } == .noCapacity)

                try await store.register(node: testNode("expiring", budget: 1_000), ttl: .seconds(60))
                _ = try await place(store, "s1", 1)
                #expect(await errorCode { try await place(store, "s1", 1) } == .duplicateSession)

                try await store.heartbeat(nodeID: "expiring", load: NodeLoad(), ttl: .milliseconds(200))
                #expect(try await eventually { try await store.liveNodes().isEmpty })
                #expect(await errorCode { try await place(store, "s2", 1) } == .noCapacity)
            }
        }

        @Test func concurrentPlacementsFromThreeNodesNeverOversubscribe() async throws {
            try await withStores(3, callTimeout: .seconds(60)) { stores in
                try await stores[0].migrate()
                for id in ["a", "b", "c"] {
                    try await stores[0].register(node: testNode(id, budget: 10), ttl: .seconds(120))
                }
                let outcomes = try await withThrowingTaskGroup(of: ClusterError.Code?.self) { group in
                    for index in 0..<45 {
                        let store = stores[index % 3]
                        group.addTask {
                            await errorCode { try await place(store, "s\(index)", 1) }
                        }
                    }
                    return try await group.reduce(into: [ClusterError.Code?]()) { $0.append($1) }
                }
                #expect(outcomes.filter { $0 == nil }.count == 30)
                #expect(outcomes.filter { $0 == .noCapacity }.count == 15)
                let nodes = try await stores[0].liveNodes()
                #expect(nodes.map(\.committedPixelRate) == [10, 10, 10])
            }
        }

        private func place(_ store: ClusterStore, _ id: String, _ pixelRate: Int64) async throws(ClusterError)
            -> SessionPlacement
        {
            try await store.placeSession(
                id: id, settings: #"{"scene":"tesseract"}"#, pixelRate: pixelRate, ttl: .seconds(60))
        }
    }
}
