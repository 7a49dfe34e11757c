import PostgresNIO

extension ClusterStore {
    /// Places a new session on the least-loaded live node that has `pixelRate` left in its budget, owned by it
    /// under a lease of `ttl` at generation 1.
    ///
    /// Load is the summed pixel rate of the sessions a node owns, read inside the transaction, never a heartbeat
    /// figure. Concurrency: the transaction first locks every live node's row (`FOR UPDATE`, in id order so two
    /// placements cannot deadlock) and only then reads the sums; under READ COMMITTED each statement sees what
    /// committed before it, so a concurrent placement either finished (its session is counted) or waits for the
    /// locks. Adoption and claims lock the adopting node's row the same way. Placements are thus serialized
    /// cluster-wide, which costs little at the rate sessions are created and never needs a retry loop.
    ///
    /// Fails with `.noCapacity` when no live node has the budget, `.duplicateSession` when `id` exists.
    public func placeSession(
        id: String,
        settings: String,
        pixelRate: Int64,
        ttl: Duration
    ) async throws(ClusterError) -> SessionPlacement {
        let logger = self.logger
        return try await transaction("placing session \(id)") { connection in
            var locked: [String] = []
            for try await nodeID in try await connection.query(
                "SELECT id FROM hypercube_nodes WHERE expires_at > now() ORDER BY id FOR UPDATE",
                logger: logger
            ).decode(String.self) {
                locked.append(nodeID)
            }
            let existing = try await connection.query(
                "SELECT owner_node FROM hypercube_sessions WHERE id = \(id)",
                logger: logger
            ).collect()
            guard existing.isEmpty else {
                throw ClusterError(.duplicateSession, "session \(id) already exists")
            }
            let chosen = try await connection.query(
                """
                SELECT n.id, n.whep_base_url
                FROM hypercube_nodes n LEFT JOIN hypercube_sessions s ON s.owner_node = n.id
                WHERE n.id = ANY(\(locked)) AND n.pixel_rate_budget > 0
                GROUP BY n.id
                HAVING COALESCE(SUM(s.pixel_rate), 0) + \(pixelRate) <= n.pixel_rate_budget
                ORDER BY COALESCE(SUM(s.pixel_rate), 0)::float8 / n.pixel_rate_budget, COUNT(s.id), n.id
                LIMIT 1
                """,
                logger: logger
            ).collect().first
            guard let (owner, whepBaseURL) = try chosen?.decode((String, String).self) else {
                throw ClusterError(
                    .noCapacity,
                    "no live node has \(pixelRate) pixels/s left in its budget for session \(id)"
                )
            }
            do {
                try await connection.query(
                    """
                    INSERT INTO hypercube_sessions (id, owner_node, lease_expires_at, generation, settings, pixel_rate)
                    VALUES (\(id), \(owner), now() + \(seconds(ttl)) * interval '1 second', 1, \(settings),
                        \(pixelRate))
                    """,
                    logger: logger
                )
            } catch  where ClusterError.isUniqueViolation(error) {
                throw ClusterError(.duplicateSession, "session \(id) already exists")
            }
            return SessionPlacement(ownerNodeID: owner, ownerWHEPBaseURL: whepBaseURL, generation: 1)
        }
    }
}
