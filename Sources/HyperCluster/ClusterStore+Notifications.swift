import PostgresNIO

extension ClusterStore {
    /// The longest a listener waits between attempts to listen again after losing its connection.
    static let maximumListenBackoff: Duration = .seconds(2)

    /// Sends `payload` (at most 8000 bytes, PostgreSQL's limit) to every listener of `channel`, on every node.
    public func notify(_ channel: ClusterChannel, payload: String) async throws(ClusterError) {
        let logger = self.logger
        try await call("notifying \(channel.name)") { client in
            _ = try await client.query("SELECT pg_notify(\(channel.name), \(payload))", logger: logger).collect()
        }
    }

    /// Listens on `channel` until the consuming task stops iterating (or is cancelled).
    ///
    /// The listener survives PostgreSQL restarts and lost connections by listening again with backoff (up to
    /// `maximumListenBackoff`). Notifications sent while it was not listening are lost — PostgreSQL does not keep
    /// them — so each (re)start of listening yields `.resynchronize` first, and the caller re-reads the state
    /// the channel announces changes to. The first element is always `.resynchronize`: once it arrives, the
    /// listener receives every later notification.
    public func listen(_ channel: ClusterChannel) -> AsyncStream<ClusterNotification> {
        let (stream, continuation) = AsyncStream.makeStream(
            of: ClusterNotification.self,
            bufferingPolicy: .bufferingNewest(1024)
        )
        let task = Task { [client, logger] in
            var failures = 0
            while !Task.isCancelled {
                do {
                    try await client.withConnection { connection in
                        try await connection.listen(on: channel.name) { notifications in
                            failures = 0
                            continuation.yield(.resynchronize)
                            for try await notification in notifications {
                                continuation.yield(.payload(notification.payload))
                            }
                        }
                    }
                } catch {
                    logger.debug("listening on \(channel.name) was interrupted: \(String(reflecting: error))")
                }
                failures += 1
                let backoff = min(.milliseconds(100) * (1 << min(failures, 8)), Self.maximumListenBackoff)
                try? await Task.sleep(for: backoff)
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }
}
