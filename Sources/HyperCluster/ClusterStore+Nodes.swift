import Foundation
import PostgresNIO

extension ClusterStore {
    /// Adds `node` to the cluster, or refreshes its registration after a restart (load reset to zero),
    /// live for `ttl` unless a heartbeat extends it.
    public func register(node: ClusterNode, ttl: Duration) async throws(ClusterError) {
        let logger = self.logger
        try await call("registering node \(node.id)") { client in
            _ = try await client.query(
                """
                INSERT INTO hypercube_nodes
                    (id, whep_base_url, announce_addresses, gpu, pixel_rate_budget, started_at, heartbeat_at, expires_at)
                VALUES (\(node.id), \(node.whepBaseURL), \(node.announceAddresses), \(node.gpu), \(node.pixelRateBudget),
                    now(), now(), now() + \(seconds(ttl)) * interval '1 second')
                ON CONFLICT (id) DO UPDATE SET
                    whep_base_url = EXCLUDED.whep_base_url, announce_addresses = EXCLUDED.announce_addresses,
                    gpu = EXCLUDED.gpu, pixel_rate_budget = EXCLUDED.pixel_rate_budget,
                    sessions = 0, pixel_rate = 0, viewers = 0, egress_bits_per_second = 0,
                    started_at = now(), heartbeat_at = now(), expires_at = EXCLUDED.expires_at
                """,
                logger: logger
            ).collect()
        }
    }

    /// Keeps `nodeID` live for another `ttl` and records its load. Fails with `.unknownNode` when the node is
    /// not registered (it left, or was never registered): the node should register again.
    public func heartbeat(nodeID: String, load: NodeLoad, ttl: Duration) async throws(ClusterError) {
        let logger = self.logger
        let updated = try await call("heartbeat of node \(nodeID)") { client in
            try await client.query(
                """
                UPDATE hypercube_nodes SET
                    sessions = \(load.sessions), pixel_rate = \(load.pixelRate), viewers = \(load.viewers),
                    egress_bits_per_second = \(load.egressBitsPerSecond),
                    heartbeat_at = now(), expires_at = now() + \(seconds(ttl)) * interval '1 second'
                WHERE id = \(nodeID)
                RETURNING id
                """,
                logger: logger
            ).collect().count
        }
        guard updated == 1 else {
            throw ClusterError(.unknownNode, "node \(nodeID) is not registered in the cluster")
        }
    }

    /// The nodes whose registration has not expired, by id, with the pixel rate their sessions commit.
    public func liveNodes() async throws(ClusterError) -> [LiveNode] {
        let logger = self.logger
        return try await call("listing live nodes") { client in
            var nodes: [LiveNode] = []
            let rows = try await client.query(
                """
                SELECT n.id, n.whep_base_url, n.announce_addresses, n.gpu, n.pixel_rate_budget,
                    n.sessions, n.pixel_rate, n.viewers, n.egress_bits_per_second,
                    COALESCE(SUM(s.pixel_rate), 0)::bigint, COUNT(s.id), n.started_at, n.heartbeat_at, n.expires_at
                FROM hypercube_nodes n LEFT JOIN hypercube_sessions s ON s.owner_node = n.id
                WHERE n.expires_at > now()
                GROUP BY n.id
                ORDER BY n.id
                """,
                logger: logger
            )
            for try await row in rows.decode(
                (String, String, [String], String, Int64, Int, Int64, Int, Int64, Int64, Int, Date, Date, Date).self
            ) {
                nodes.append(
                    LiveNode(
                        node: ClusterNode(
                            id: row.0, whepBaseURL: row.1, announceAddresses: row.2, gpu: row.3, pixelRateBudget: row.4
                        ),
                        load: NodeLoad(sessions: row.5, pixelRate: row.6, viewers: row.7, egressBitsPerSecond: row.8),
                        committedPixelRate: row.9,
                        ownedSessions: row.10,
                        startedAt: row.11,
                        heartbeatAt: row.12,
                        expiresAt: row.13
                    )
                )
            }
            return nodes
        }
    }

    /// Forgets nodes that expired more than `expiredFor` ago and own no session any more (a crashed node, whose
    /// sessions others adopted), with their relays; returns their ids. A graceful leave deletes its own row; this keeps
    /// the registry from growing with every crashed pod name.
    @discardableResult
    public func pruneNodes(expiredFor: Duration) async throws(ClusterError) -> [String] {
        let logger = self.logger
        return try await transaction("pruning expired nodes") { connection in
            var pruned: [String] = []
            for try await id in try await connection.query(
                """
                DELETE FROM hypercube_nodes n
                WHERE n.expires_at < now() - \(seconds(expiredFor)) * interval '1 second'
                    AND NOT EXISTS (SELECT 1 FROM hypercube_sessions s WHERE s.owner_node = n.id)
                RETURNING n.id
                """,
                logger: logger
            ).decode(String.self) {
                pruned.append(id)
            }
            if !pruned.isEmpty {
                try await connection.query(
                    "DELETE FROM hypercube_relays WHERE node_id = ANY(\(pruned))", logger: logger)
            }
            return pruned
        }
    }

    /// A graceful leave: deletes the node and its relays and expires the leases of its sessions, so other nodes
    /// adopt them at once instead of after their leases run out. Returns the ids of the sessions it released.
    @discardableResult
    public func removeNode(id: String) async throws(ClusterError) -> [String] {
        let logger = self.logger
        return try await transaction("removing node \(id)") { connection in
            try await connection.query("DELETE FROM hypercube_relays WHERE node_id = \(id)", logger: logger)
            try await connection.query("DELETE FROM hypercube_nodes WHERE id = \(id)", logger: logger)
            var released: [String] = []
            for try await sessionID in try await connection.query(
                """
                UPDATE hypercube_sessions SET lease_expires_at = now()
                WHERE owner_node = \(id) AND lease_expires_at > now()
                RETURNING id
                """,
                logger: logger
            ).decode(String.self) {
                released.append(sessionID)
            }
            return released.sorted()
        }
    }
}
