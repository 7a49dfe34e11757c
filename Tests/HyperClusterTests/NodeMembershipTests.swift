import HyperCluster
import Testing

extension ClusterDatabaseTests {
    @Suite struct NodeMembershipTests {
        @Test func registeredNodesAreLiveWithTheirLoad() async throws {
            try await withStores(1) { stores in
                let store = stores[0]
                try await store.migrate()
                try await store.register(node: testNode("b", budget: 200), ttl: .seconds(30))
                try await store.register(node: testNode("a", budget: 100), ttl: .seconds(30))
                let load = NodeLoad(sessions: 2, pixelRate: 40, viewers: 7, egressBitsPerSecond: 9_000_000)
                try await store.heartbeat(nodeID: "a", load: load, ttl: .seconds(30))

                let nodes = try await store.liveNodes()
                #expect(nodes.map(\.node) == [testNode("a", budget: 100), testNode("b", budget: 200)])
                #expect(nodes[0].load == load)
                #expect(nodes[1].load == NodeLoad())
                #expect(nodes[0].heartbeatAt >= nodes[0].startedAt)
                #expect(nodes[0].expiresAt > nodes[0].heartbeatAt)
            }
        }

        @Test func aNodeThatStopsHeartbeatingExpires() async throws {
            try await withStores(1) { stores in
                let store = stores[0]
                try await store.migrate()
                try await store.register(node: testNode("steady", budget: 100), ttl: .seconds(60))
                try await store.register(node: testNode("fading", budget: 100), ttl: .seconds(60))
                #expect(try await store.liveNodes().count == 2)

                try await store.heartbeat(nodeID: "fading", load: NodeLoad(), ttl: .milliseconds(500))
                let expired = try await eventually { try await store.liveNodes().map(\.node.id) == ["steady"] }
                #expect(expired)

                try await store.heartbeat(nodeID: "fading", load: NodeLoad(), ttl: .seconds(60))
                #expect(try await store.liveNodes().count == 2)
            }
        }

        @Test func nodesLongExpiredAndOwningNothingArePrunedWithTheirRelays() async throws {
            try await withStores(1) { stores in
                let store = stores[0]
                try await store.migrate()
                try await store.register(node: testNode("owner", budget: 100), ttl: .seconds(60))
                _ = try await store.placeSession(id: "s1", settings: "{}", pixelRate: 10, ttl: .seconds(60))
                #expect(try await store.session(id: "s1")?.ownerNodeID == "owner")
                try await store.register(node: testNode("live", budget: 100), ttl: .seconds(60))
                try await store.register(node: testNode("crashed", budget: 100), ttl: .milliseconds(200))
                try await store.recordRelay(sessionID: "s1", nodeID: "crashed", viewers: 2)
                try await store.heartbeat(nodeID: "owner", load: NodeLoad(), ttl: .milliseconds(200))
                #expect(try await eventually { try await store.liveNodes().count == 1 })

                // Not yet an hour gone: nothing is pruned.
                #expect(try await store.pruneNodes(expiredFor: .seconds(3600)) == [])
                // The crashed node goes with its relay; the expired node that still owns s1 stays until it is adopted.
                #expect(try await store.pruneNodes(expiredFor: .zero) == ["crashed"])
                #expect(try await store.session(id: "s1")?.relays.contains { $0.nodeID == "crashed" } == false)
                #expect(try await store.pruneNodes(expiredFor: .zero) == [])
                #expect(try await store.liveNodes().map(\.node.id) == ["live"])
            }
        }

        @Test func aHeartbeatOfAnUnregisteredNodeAsksItToRegister() async throws {
            try await withStores(1) { stores in
                try await stores[0].migrate()
                let code = await errorCode {
                    try await stores[0].heartbeat(nodeID: "ghost", load: NodeLoad(), ttl: .seconds(5))
                }
                #expect(code == .unknownNode)
            }
        }

        @Test func aGracefulLeaveReleasesItsSessionsForAdoption() async throws {
            try await withStores(1) { stores in
                let store = stores[0]
                try await store.migrate()
                try await store.register(node: testNode("leaving", budget: 100), ttl: .seconds(60))
                _ = try await store.placeSession(id: "s1", settings: "{}", pixelRate: 10, ttl: .seconds(60))
                try await store.recordRelay(sessionID: "s1", nodeID: "leaving", viewers: 3)
                try await store.register(node: testNode("staying", budget: 100), ttl: .seconds(60))

                #expect(try await store.removeNode(id: "leaving") == ["s1"])
                #expect(try await store.liveNodes().map(\.node.id) == ["staying"])
                let session = try #require(try await store.session(id: "s1"))
                #expect(!session.leaseIsLive)
                #expect(session.ownerWHEPBaseURL == nil)
                #expect(session.relays.isEmpty)

                let claimed = try await store.claim(sessionID: "s1", nodeID: "staying", ttl: .seconds(60))
                #expect(claimed.generation == 2)
                #expect(claimed.settings == "{}")
            }
        }
    }
}
