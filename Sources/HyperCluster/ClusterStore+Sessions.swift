import Foundation
import PostgresNIO

extension ClusterStore {
    /// Session `id` with its owner, lease state, generation and relays; `nil` when it does not exist.
    public func session(id: String) async throws(ClusterError) -> ClusterSession? {
        try await readSessions(id: id, operation: "reading session \(id)").first
    }

    /// Every session, by id, with its live relays.
    public func sessions() async throws(ClusterError) -> [ClusterSession] {
        try await readSessions(id: nil, operation: "listing sessions")
    }

    private func readSessions(id: String?, operation: String) async throws(ClusterError) -> [ClusterSession] {
        let logger = self.logger
        return try await call(operation) { client in
            var relays: [String: [ClusterRelay]] = [:]
            for try await (sessionID, nodeID, viewers, updatedAt) in try await client.query(
                """
                SELECT r.session_id, r.node_id, r.viewers, r.updated_at
                FROM hypercube_relays r JOIN hypercube_nodes n ON n.id = r.node_id AND n.expires_at > now()
                WHERE \(id)::text IS NULL OR r.session_id = \(id)
                ORDER BY r.node_id
                """,
                logger: logger
            ).decode((String, String, Int, Date).self) {
                relays[sessionID, default: []].append(
                    ClusterRelay(nodeID: nodeID, viewers: viewers, updatedAt: updatedAt))
            }
            var sessions: [ClusterSession] = []
            let rows = try await client.query(
                """
                SELECT s.id, s.owner_node, n.whep_base_url, s.lease_expires_at > now(), s.lease_expires_at,
                    s.generation, s.settings, s.pixel_rate, s.created_at
                FROM hypercube_sessions s LEFT JOIN hypercube_nodes n ON n.id = s.owner_node
                WHERE \(id)::text IS NULL OR s.id = \(id)
                ORDER BY s.id
                """,
                logger: logger
            )
            for try await row in rows.decode((String, String, String?, Bool, Date, Int64, String, Int64, Date).self) {
                sessions.append(
                    ClusterSession(
                        id: row.0,
                        ownerNodeID: row.1,
                        ownerWHEPBaseURL: row.2,
                        leaseIsLive: row.3,
                        leaseExpiresAt: row.4,
                        generation: row.5,
                        settings: row.6,
                        pixelRate: row.7,
                        createdAt: row.8,
                        relays: relays[row.0] ?? []
                    )
                )
            }
            return sessions
        }
    }
}
