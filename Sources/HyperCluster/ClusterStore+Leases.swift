import PostgresNIO

extension ClusterStore {
    /// Takes over session `sessionID` for `nodeID` when its lease has expired (or is already `nodeID`'s),
    /// with a lease of `ttl`. A takeover increments the generation, the fencing token the new owner serves under.
    ///
    /// The conditional `UPDATE` makes racing claims safe: PostgreSQL serializes them on the session's row and
    /// re-checks the condition against the winner's committed lease, so exactly one claimant succeeds and the
    /// others get `.notOwner`. Like placement, the claim holds the claiming node's row lock and refuses with
    /// `.noCapacity` when the session does not fit in the node's budget.
    public func claim(sessionID: String, nodeID: String, ttl: Duration) async throws(ClusterError) -> ClaimedSession {
        let logger = self.logger
        return try await transaction("claiming session \(sessionID) for node \(nodeID)") { connection in
            let committed = try await Self.lockNode(nodeID, on: connection, logger: logger)
            let claimed = try await connection.query(
                """
                UPDATE hypercube_sessions SET
                    generation = CASE WHEN owner_node = \(nodeID) AND lease_expires_at > now()
                        THEN generation ELSE generation + 1 END,
                    owner_node = \(nodeID),
                    lease_expires_at = now() + \(seconds(ttl)) * interval '1 second'
                WHERE id = \(sessionID) AND (lease_expires_at <= now() OR owner_node = \(nodeID))
                    AND (owner_node = \(nodeID) OR pixel_rate + \(committed.pixelRate) <= \(committed.budget))
                RETURNING id, settings, pixel_rate, generation
                """,
                logger: logger
            ).collect().first
            if let claimed {
                let (id, settings, pixelRate, generation) = try claimed.decode((String, String, Int64, Int64).self)
                return ClaimedSession(id: id, settings: settings, pixelRate: pixelRate, generation: generation)
            }
            let current = try await connection.query(
                "SELECT owner_node, lease_expires_at > now() FROM hypercube_sessions WHERE id = \(sessionID)",
                logger: logger
            ).collect().first
            guard let (owner, leaseIsLive) = try current?.decode((String, Bool).self) else {
                throw ClusterError(.unknownSession, "session \(sessionID) does not exist")
            }
            guard !leaseIsLive || owner == nodeID else {
                throw ClusterError(.notOwner, "session \(sessionID) is leased by node \(owner)")
            }
            throw ClusterError(.noCapacity, "session \(sessionID) does not fit in node \(nodeID)'s pixel-rate budget")
        }
    }

    /// Claims up to `capacity` sessions whose leases expired, oldest first, as many as fit in `nodeID`'s budget,
    /// and returns them with their settings so the node can start serving them.
    ///
    /// Orphans are locked one at a time with `FOR UPDATE SKIP LOCKED`, so several nodes adopt at once without
    /// waiting on each other and none locks an orphan it will not take: each goes to whichever node locked it first.
    public func adoptOrphans(nodeID: String, capacity: Int, ttl: Duration) async throws(ClusterError)
        -> [ClaimedSession]
    {
        let logger = self.logger
        return try await transaction("adopting orphaned sessions for node \(nodeID)") { connection in
            let committed = try await Self.lockNode(nodeID, on: connection, logger: logger)
            var chosen: [String] = []
            var pixelRate = committed.pixelRate
            while chosen.count < capacity {
                let orphan = try await connection.query(
                    """
                    SELECT id, pixel_rate FROM hypercube_sessions
                    WHERE lease_expires_at <= now() AND pixel_rate <= \(committed.budget - pixelRate)
                        AND NOT id = ANY(\(chosen))
                    ORDER BY created_at, id
                    LIMIT 1
                    FOR UPDATE SKIP LOCKED
                    """,
                    logger: logger
                ).collect().first
                guard let (id, rate) = try orphan?.decode((String, Int64).self) else { break }
                chosen.append(id)
                pixelRate += rate
            }
            guard !chosen.isEmpty else { return [] }
            var adopted: [ClaimedSession] = []
            for try await (id, settings, rate, generation) in try await connection.query(
                """
                UPDATE hypercube_sessions SET
                    owner_node = \(nodeID), generation = generation + 1,
                    lease_expires_at = now() + \(seconds(ttl)) * interval '1 second'
                WHERE id = ANY(\(chosen))
                RETURNING id, settings, pixel_rate, generation
                """,
                logger: logger
            ).decode((String, String, Int64, Int64).self) {
                adopted.append(ClaimedSession(id: id, settings: settings, pixelRate: rate, generation: generation))
            }
            return adopted.sorted { $0.id < $1.id }
        }
    }

    /// Extends every lease `nodeID` holds by `ttl` and returns the sessions it still owns. A session the node
    /// serves that is missing here was adopted by another node (its lease had expired) or released: the node
    /// must stop serving it.
    public func renewLeases(nodeID: String, ttl: Duration) async throws(ClusterError) -> [SessionLease] {
        let logger = self.logger
        return try await call("renewing the leases of node \(nodeID)") { client in
            var leases: [SessionLease] = []
            for try await (id, generation) in try await client.query(
                """
                UPDATE hypercube_sessions SET lease_expires_at = now() + \(seconds(ttl)) * interval '1 second'
                WHERE owner_node = \(nodeID)
                RETURNING id, generation
                """,
                logger: logger
            ).decode((String, Int64).self) {
                leases.append(SessionLease(sessionID: id, generation: generation))
            }
            return leases.sorted { $0.sessionID < $1.sessionID }
        }
    }

    /// Deletes session `sessionID` when `nodeID` owns it; `.notOwner` when another node does. Releasing a
    /// session that no longer exists does nothing.
    public func releaseSession(id sessionID: String, nodeID: String) async throws(ClusterError) {
        let logger = self.logger
        try await transaction("releasing session \(sessionID) of node \(nodeID)") { connection in
            let deleted = try await connection.query(
                "DELETE FROM hypercube_sessions WHERE id = \(sessionID) AND owner_node = \(nodeID) RETURNING id",
                logger: logger
            ).collect()
            guard deleted.isEmpty else { return }
            let owners = try await connection.query(
                "SELECT owner_node FROM hypercube_sessions WHERE id = \(sessionID)",
                logger: logger
            ).collect()
            if let owner = try owners.first?.decode(String.self) {
                throw ClusterError(.notOwner, "session \(sessionID) is owned by node \(owner), not \(nodeID)")
            }
        }
    }

    /// Locks `nodeID`'s row for the rest of the transaction, so no placement or adoption changes what it owns
    /// meanwhile, and returns its budget and the pixel rate its sessions commit.
    static func lockNode(
        _ nodeID: String,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> (budget: Int64, pixelRate: Int64) {
        let budget = try await connection.query(
            "SELECT pixel_rate_budget FROM hypercube_nodes WHERE id = \(nodeID) FOR UPDATE",
            logger: logger
        ).collect().first
        guard let budget = try budget?.decode(Int64.self) else {
            throw ClusterError(.unknownNode, "node \(nodeID) is not registered in the cluster")
        }
        let pixelRate = try await connection.query(
            "SELECT COALESCE(SUM(pixel_rate), 0)::bigint FROM hypercube_sessions WHERE owner_node = \(nodeID)",
            logger: logger
        ).collect().first
        return (budget, try pixelRate?.decode(Int64.self) ?? 0)
    }
}
