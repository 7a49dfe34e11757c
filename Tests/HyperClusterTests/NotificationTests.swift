import HyperCluster
import Testing

extension ClusterDatabaseTests {
    @Suite struct NotificationTests {
        @Test func aNotificationFromOneNodeReachesAListenerOnAnother() async throws {
            try await withStores(2) { stores in
                let recorder = NotificationRecorder()
                let listener = Task {
                    for await notification in stores[1].listen(.flags) {
                        await recorder.record(notification)
                    }
                }
                defer { listener.cancel() }
                #expect(try await eventually { await recorder.count(of: .resynchronize) == 1 })

                try await stores[0].notify(.sessions, payload: "not for flags")
                try await stores[0].notify(.flags, payload: #"{"flag":"xr","on":true}"#)
                #expect(try await eventually { await recorder.count(of: .payload(#"{"flag":"xr","on":true}"#)) == 1 })
                #expect(await recorder.count(of: .payload("not for flags")) == 0)
            }
        }
    }
}
