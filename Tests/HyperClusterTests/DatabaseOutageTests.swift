import HyperCluster
import Testing

/// Runs on a server of its own: stopping it would fail every other test.
@Suite struct DatabaseOutageTests {
    @Test func callsFailFastWhileTheDatabaseIsDownAndRecoverWhenItReturns() async throws {
        let server = try await TemporaryPostgres.start()
        do {
            try await exercise(server)
        } catch {
            await server.destroy()
            throw error
        }
        await server.destroy()
    }

    private func exercise(_ server: TemporaryPostgres) async throws {
        let configuration = try await server.makeDatabase()
        try await withStores(2, callTimeout: .seconds(2), configuration: configuration) { stores in
            // The short call timeout is what the test is about; on a busy machine the setup may need several tries.
            try await retryingWhileUnavailable { try await stores[0].migrate() }
            try await retryingWhileUnavailable {
                try await stores[0].register(node: testNode("a", budget: 100), ttl: .seconds(120))
            }
            let recorder = NotificationRecorder()
            let listener = Task {
                for await notification in stores[1].listen(.sessions) {
                    await recorder.record(notification)
                }
            }
            defer { listener.cancel() }
            #expect(try await eventually { await recorder.count(of: .resynchronize) == 1 })

            try await server.stop()
            let clock = ContinuousClock()
            let start = clock.now
            let code = await errorCode { try await stores[0].liveNodes() }
            let elapsed = clock.now - start
            #expect(code == .databaseUnavailable)
            // Bounded by the 2 s call timeout; the slack only keeps a busy machine from failing the test.
            #expect(elapsed < .seconds(15))
            #expect(await errorCode { try await stores[0].notify(.sessions, payload: "lost") } == .databaseUnavailable)

            try await server.start()
            let recovered = try await eventually {
                (try? await stores[0].liveNodes().map(\.node.id)) == ["a"]
            }
            #expect(recovered)
            #expect(try await eventually { await recorder.count(of: .resynchronize) == 2 })
            try await retryingWhileUnavailable { try await stores[0].notify(.sessions, payload: "after restart") }
            #expect(try await eventually { await recorder.count(of: .payload("after restart")) == 1 })
        }
    }
}

/// Runs `body` again while it fails with `.databaseUnavailable`, for up to `limit`.
@discardableResult
private func retryingWhileUnavailable<Result>(
    within limit: Duration = .seconds(60), _ body: () async throws -> Result
) async throws -> Result {
    let deadline = ContinuousClock.now + limit
    while true {
        do {
            return try await body()
        } catch let error as ClusterError where error.code == .databaseUnavailable && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(200))
        }
    }
}
