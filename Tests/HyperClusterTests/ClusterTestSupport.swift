import HyperCluster
import Logging
import PostgresNIO
import Testing

/// The suite every test that needs PostgreSQL nests in, so they share one server (each on its own database).
@Suite(.temporaryPostgres)
enum ClusterDatabaseTests {}

let testLogger: Logger = {
    var logger = Logger(label: "hypercube.cluster.tests")
    logger.logLevel = .warning
    return logger
}()

/// Runs `body` with `count` stores on one fresh database of the suite's server (or on `configuration`),
/// their pools running until `body` returns.
func withStores(
    _ count: Int,
    callTimeout: Duration = .seconds(10),
    configuration: PostgresClient.Configuration? = nil,
    _ body: ([ClusterStore]) async throws -> Void
) async throws {
    let database: PostgresClient.Configuration
    if let configuration {
        database = configuration
    } else {
        database = try await #require(TemporaryPostgres.current).makeDatabase()
    }
    let stores = (0..<count).map { _ in
        ClusterStore(configuration: database, callTimeout: callTimeout, logger: testLogger)
    }
    try await withThrowingTaskGroup(of: Void.self) { group in
        for store in stores {
            group.addTask { await store.run() }
        }
        try await body(stores)
        group.cancelAll()
    }
}

/// Polls `condition` every 50 ms until it holds or `limit` passes; returns whether it held. The limit only
/// bounds a failing test, so it is generous.
func eventually(within limit: Duration = .seconds(20), _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now + limit
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(50))
    }
    return try await condition()
}

/// A node for tests, reachable at a made-up address.
func testNode(_ id: String, budget: Int64) -> ClusterNode {
    ClusterNode(
        id: id,
        whepBaseURL: "https://\(id).test:8443/whep",
        announceAddresses: ["192.0.2.1", "2001:db8::1"],
        gpu: "test GPU",
        pixelRateBudget: budget
    )
}

/// The code of the `ClusterError` a call failed with, `nil` when it did not fail (any other error is an issue).
func errorCode<Result>(_ body: () async throws -> Result) async -> ClusterError.Code? {
    do {
        _ = try await body()
        return nil
    } catch let error as ClusterError {
        return error.code
    } catch {
        Issue.record("expected a ClusterError, got \(error)")
        return nil
    }
}

/// Collects what a cluster listener yields, so a test can wait for an element with a bound.
actor NotificationRecorder {
    private(set) var received: [ClusterNotification] = []

    func record(_ notification: ClusterNotification) {
        received.append(notification)
    }

    func count(of notification: ClusterNotification) -> Int {
        received.filter { $0 == notification }.count
    }
}
