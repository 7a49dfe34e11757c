import Foundation
import PostgresNIO

extension ClusterStore {
    /// Records that `actor` on node `nodeID` set flag `name` to `value` (canonical JSON) and tells every node on the
    /// `flags` channel; the last write wins.
    public func publishFlag(name: String, value: String, actor: String, nodeID: String) async throws(ClusterError) {
        let logger = self.logger
        try await call("publishing flag \(name)") { client in
            _ = try await client.query(
                """
                INSERT INTO hypercube_flags (name, value, actor, node_id) VALUES (\(name), \(value), \(actor), \(nodeID))
                ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value, actor = EXCLUDED.actor,
                    node_id = EXCLUDED.node_id, version = hypercube_flags.version + 1, updated_at = now()
                """,
                logger: logger
            ).collect()
            _ = try await client.query("SELECT pg_notify('hypercube_flags', \(name))", logger: logger).collect()
        }
    }

    /// Every flag set somewhere in the cluster, by name.
    public func flags() async throws(ClusterError) -> [ClusterFlag] {
        let logger = self.logger
        return try await call("reading the cluster's flags") { client in
            var flags: [ClusterFlag] = []
            for try await (name, value, actor, nodeID, version, updatedAt) in try await client.query(
                "SELECT name, value, actor, node_id, version, updated_at FROM hypercube_flags ORDER BY name",
                logger: logger
            ).decode((String, String, String, String, Int64, Date).self) {
                flags.append(
                    ClusterFlag(
                        name: name, value: value, actor: actor, nodeID: nodeID, version: version,
                        updatedAt: updatedAt))
            }
            return flags
        }
    }
}
