import PostgresNIO

extension ClusterStore {
    /// Records that `nodeID` relays session `sessionID` to `viewers` viewers of its own; `.unknownSession` when
    /// the session does not exist. A relay disappears with its session or when its node leaves.
    public func recordRelay(sessionID: String, nodeID: String, viewers: Int) async throws(ClusterError) {
        let logger = self.logger
        try await call("recording node \(nodeID) relaying session \(sessionID)") { client in
            do {
                _ = try await client.query(
                    """
                    INSERT INTO hypercube_relays (session_id, node_id, viewers, updated_at)
                    VALUES (\(sessionID), \(nodeID), \(viewers), now())
                    ON CONFLICT (session_id, node_id) DO UPDATE SET viewers = EXCLUDED.viewers, updated_at = now()
                    """,
                    logger: logger
                ).collect()
            } catch  where ClusterError.isForeignKeyViolation(error) {
                throw ClusterError(.unknownSession, "session \(sessionID) does not exist")
            }
        }
    }

    /// Records that `nodeID` stopped relaying session `sessionID`.
    public func removeRelay(sessionID: String, nodeID: String) async throws(ClusterError) {
        let logger = self.logger
        try await call("removing node \(nodeID)'s relay of session \(sessionID)") { client in
            _ = try await client.query(
                "DELETE FROM hypercube_relays WHERE session_id = \(sessionID) AND node_id = \(nodeID)",
                logger: logger
            ).collect()
        }
    }
}
