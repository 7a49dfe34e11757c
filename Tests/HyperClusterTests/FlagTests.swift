import HyperCluster
import Testing

extension ClusterDatabaseTests {
    @Suite struct FlagTests {
        @Test func theLastPublishedValueWinsAndEveryPublishIsAnnounced() async throws {
            try await withStores(2) { stores in
                try await stores[0].migrate()
                let recorder = NotificationRecorder()
                let listener = Task {
                    for await notification in stores[1].listen(.flags) {
                        await recorder.record(notification)
                    }
                }
                defer { listener.cancel() }
                #expect(try await eventually { await recorder.count(of: .resynchronize) == 1 })

                try await stores[0].publishFlag(name: "bitrate", value: "1000000", actor: "alice", nodeID: "a")
                try await stores[1].publishFlag(name: "bitrate", value: "3000000", actor: "bob", nodeID: "b")
                try await stores[0].publishFlag(name: "stereo", value: "true", actor: "alice", nodeID: "a")

                let flags = try await stores[0].flags()
                #expect(flags.map(\.name) == ["bitrate", "stereo"])
                #expect(flags[0].value == "3000000" && flags[0].actor == "bob" && flags[0].nodeID == "b")
                #expect(flags[0].version == 2)
                #expect(flags[1].version == 1)
                #expect(try await eventually { await recorder.count(of: .payload("bitrate")) == 2 })
                #expect(try await eventually { await recorder.count(of: .payload("stereo")) == 1 })
            }
        }
    }
}
