import PostgresNIO

extension ClusterStore {
    /// Runs `body` against the pool, failing with `.databaseUnavailable` when it does not finish within
    /// `callTimeout`: the pool waits for a connection to a down database for up to a minute, far longer than a
    /// node should stall a request.
    func call<Result: Sendable>(
        _ operation: String,
        _ body: @escaping @Sendable (PostgresClient) async throws -> Result
    ) async throws(ClusterError) -> Result {
        let client = self.client
        let timeout = callTimeout
        do {
            return try await withThrowingTaskGroup(of: Result?.self) { group in
                group.addTask { try await body(client) }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    return nil
                }
                defer { group.cancelAll() }
                guard let first = try await group.next(), let result = first else {
                    throw ClusterError(
                        .databaseUnavailable, "\(operation): PostgreSQL did not answer within \(timeout)")
                }
                return result
            }
        } catch {
            throw ClusterError(error, during: operation)
        }
    }

    /// Runs `body` in one READ COMMITTED transaction, bounded like `call`.
    func transaction<Result: Sendable>(
        _ operation: String,
        _ body: @escaping @Sendable (PostgresConnection) async throws -> Result
    ) async throws(ClusterError) -> Result {
        let logger = self.logger
        return try await call(operation) { client in
            try await client.withTransaction(logger: logger) { connection in try await body(connection) }
        }
    }
}

/// Reads a duration as the seconds PostgreSQL multiplies `interval '1 second'` by.
func seconds(_ duration: Duration) -> Double {
    let (seconds, attoseconds) = duration.components
    return Double(seconds) + Double(attoseconds) / 1e18
}
