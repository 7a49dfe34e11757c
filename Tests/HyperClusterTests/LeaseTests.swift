import HyperCluster
import Testing

extension ClusterDatabaseTests {
    @Suite struct LeaseTests {
        @Test func exactlyOneOfThreeRacingNodesClaimsAnExpiredSession() async throws {
            try await withStores(3) { stores in
                try await stores[0].migrate()
                try await registerNodes(["owner"], budget: 100, on: stores[0])
                _ = try await stores[0].placeSession(id: "s", settings: "{}", pixelRate: 10, ttl: .seconds(60))
                try await registerNodes(["b", "c", "d"], budget: 100, on: stores[0])
                #expect(
                    await errorCode { try await stores[1].claim(sessionID: "s", nodeID: "b", ttl: .seconds(60)) }
                        == .notOwner)

                try await expireLeases(of: "owner", on: stores[0], sessionID: "s")
                let outcomes = try await withThrowingTaskGroup(of: (String, Int64?, ClusterError.Code?).self) { group in
                    for (store, node) in zip(stores, ["b", "c", "d"]) {
                        group.addTask {
                            do throws(ClusterError) {
                                let claimed = try await store.claim(sessionID: "s", nodeID: node, ttl: .seconds(60))
                                return (node, claimed.generation, nil)
                            } catch {
                                return (node, nil, error.code)
                            }
                        }
                    }
                    return try await group.reduce(into: [(String, Int64?, ClusterError.Code?)]()) { $0.append($1) }
                }
                let winners = outcomes.filter { $0.1 != nil }
                #expect(winners.count == 1)
                #expect(winners.first?.1 == 2)
                #expect(outcomes.filter { $0.2 == .notOwner }.count == 2)
                let session = try #require(try await stores[0].session(id: "s"))
                #expect(session.ownerNodeID == winners.first?.0)
                #expect(session.generation == 2)
                #expect(session.leaseIsLive)
            }
        }

        @Test func renewingTellsANodeItLostASessionAnotherAdopted() async throws {
            try await withStores(2) { stores in
                try await stores[0].migrate()
                try await registerNodes(["slow"], budget: 100, on: stores[0])
                _ = try await stores[0].placeSession(id: "kept", settings: "{}", pixelRate: 10, ttl: .seconds(60))
                _ = try await stores[0].placeSession(id: "lost", settings: "{}", pixelRate: 10, ttl: .seconds(60))
                try await registerNodes(["quick"], budget: 100, on: stores[0])
                #expect(try await stores[0].session(id: "lost")?.ownerNodeID == "slow")

                try await expireLeases(of: "slow", on: stores[0], sessionID: "lost")
                let adopted = try await stores[1].claim(sessionID: "lost", nodeID: "quick", ttl: .seconds(60))
                #expect(adopted.generation == 2)

                let leases = try await stores[0].renewLeases(nodeID: "slow", ttl: .seconds(60))
                #expect(leases == [SessionLease(sessionID: "kept", generation: 1)])
                #expect(
                    try await stores[1].renewLeases(nodeID: "quick", ttl: .seconds(60)) == [
                        SessionLease(sessionID: "lost", generation: 2)
                    ])
                #expect(await errorCode { try await stores[0].releaseSession(id: "lost", nodeID: "slow") } == .notOwner)
                #expect(try await stores[0].session(id: "lost")?.ownerNodeID == "quick")
            }
        }

        @Test func adoptionTakesExpiredSessionsWithinBudgetAndCapacityOnce() async throws {
            try await withStores(2) { stores in
                try await stores[0].migrate()
                try await stores[0].register(node: testNode("crashed", budget: 1_000), ttl: .seconds(60))
                for index in 0..<6 {
                    _ = try await stores[0].placeSession(
                        id: "s\(index)", settings: #"{"n":\#(index)}"#, pixelRate: 10, ttl: .seconds(60)
                    )
                }
                try await registerNodes(["b", "c"], budget: 35, on: stores[0])
                #expect(try await stores[0].adoptOrphans(nodeID: "b", capacity: 10, ttl: .seconds(60)).isEmpty)

                try await expireLeases(of: "crashed", on: stores[0], sessionID: "s5")
                async let byB = stores[0].adoptOrphans(nodeID: "b", capacity: 10, ttl: .seconds(60))
                async let byC = stores[1].adoptOrphans(nodeID: "c", capacity: 2, ttl: .seconds(60))
                let (adoptedByB, adoptedByC) = try await (byB, byC)

                #expect(adoptedByB.count == 3)
                #expect(adoptedByC.count == 2)
                let ids = (adoptedByB + adoptedByC).map(\.id)
                #expect(Set(ids).count == 5)
                #expect((adoptedByB + adoptedByC).allSatisfy { $0.generation == 2 && $0.settings.hasPrefix(#"{"n":"#) })
                let nodes = try await stores[0].liveNodes()
                #expect(nodes.allSatisfy { $0.committedPixelRate <= $0.node.pixelRateBudget })
            }
        }

        @Test func releasingDeletesTheSessionAndItsRelays() async throws {
            try await withStores(1) { stores in
                let store = stores[0]
                try await store.migrate()
                try await registerNodes(["owner"], budget: 100, on: store)
                _ = try await store.placeSession(id: "s", settings: "{}", pixelRate: 10, ttl: .seconds(60))
                try await registerNodes(["relay"], budget: 100, on: store)
                try await store.recordRelay(sessionID: "s", nodeID: "relay", viewers: 4)
                try await store.recordRelay(sessionID: "s", nodeID: "relay", viewers: 5)
                let session = try #require(try await store.sessions().first)
                #expect(session.relays.map(\.nodeID) == ["relay"])
                #expect(session.relays.map(\.viewers) == [5])
                #expect(session.ownerWHEPBaseURL == "https://owner.test:8443/whep")

                try await store.removeRelay(sessionID: "s", nodeID: "relay")
                #expect(try await store.session(id: "s")?.relays == [])
                try await store.recordRelay(sessionID: "s", nodeID: "relay", viewers: 1)
                try await store.releaseSession(id: "s", nodeID: "owner")
                #expect(try await store.session(id: "s") == nil)
                #expect(try await store.sessions().isEmpty)
                #expect(
                    await errorCode { try await store.recordRelay(sessionID: "s", nodeID: "relay", viewers: 1) }
                        == .unknownSession)
                try await store.releaseSession(id: "s", nodeID: "owner")
            }
        }

        private func registerNodes(_ ids: [String], budget: Int64, on store: ClusterStore) async throws {
            for id in ids {
                try await store.register(node: testNode(id, budget: budget), ttl: .seconds(60))
            }
        }

        /// Lets `nodeID`'s leases run out by renewing them for a moment, as a node that stopped renewing would.
        private func expireLeases(of nodeID: String, on store: ClusterStore, sessionID: String) async throws {
            _ = try await store.renewLeases(nodeID: nodeID, ttl: .milliseconds(1))
            let expired = try await eventually { try await store.session(id: sessionID)?.leaseIsLive == false }
            #expect(expired)
        }
    }
}
