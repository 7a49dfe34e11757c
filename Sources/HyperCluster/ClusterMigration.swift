/// One step of the cluster schema, applied once and recorded in `hypercube_schema_migrations`.
struct ClusterMigration: Sendable {
    var version: Int
    var summary: String
    /// Run in order, inside the migrating transaction.
    var statements: [String]

    /// Every migration, oldest first. Append; never edit one that has shipped.
    static let all: [ClusterMigration] = [
        ClusterMigration(
            version: 1,
            summary: "nodes, sessions with fenced leases, relays",
            statements: [
                """
                CREATE TABLE hypercube_nodes (
                    id text PRIMARY KEY,
                    whep_base_url text NOT NULL,
                    announce_addresses text[] NOT NULL DEFAULT '{}',
                    gpu text NOT NULL DEFAULT '',
                    sessions integer NOT NULL DEFAULT 0,
                    pixel_rate bigint NOT NULL DEFAULT 0,
                    pixel_rate_budget bigint NOT NULL CHECK (pixel_rate_budget >= 0),
                    viewers integer NOT NULL DEFAULT 0,
                    egress_bits_per_second bigint NOT NULL DEFAULT 0,
                    started_at timestamptz NOT NULL DEFAULT now(),
                    heartbeat_at timestamptz NOT NULL DEFAULT now(),
                    expires_at timestamptz NOT NULL
                )
                """,
                """
                CREATE TABLE hypercube_sessions (
                    id text PRIMARY KEY,
                    owner_node text NOT NULL,
                    lease_expires_at timestamptz NOT NULL,
                    generation bigint NOT NULL DEFAULT 1,
                    settings text NOT NULL,
                    pixel_rate bigint NOT NULL CHECK (pixel_rate >= 0),
                    created_at timestamptz NOT NULL DEFAULT now()
                )
                """,
                "CREATE INDEX hypercube_sessions_owner ON hypercube_sessions (owner_node)",
                "CREATE INDEX hypercube_sessions_lease ON hypercube_sessions (lease_expires_at)",
                """
                CREATE TABLE hypercube_relays (
                    session_id text NOT NULL REFERENCES hypercube_sessions (id) ON DELETE CASCADE,
                    node_id text NOT NULL,
                    viewers integer NOT NULL DEFAULT 0,
                    updated_at timestamptz NOT NULL DEFAULT now(),
                    PRIMARY KEY (session_id, node_id)
                )
                """,
            ]
        ),
        ClusterMigration(
            version: 2,
            summary: "feature flags shared by every node",
            statements: [
                """
                CREATE TABLE hypercube_flags (
                    name text PRIMARY KEY,
                    value text NOT NULL,
                    actor text NOT NULL,
                    node_id text NOT NULL,
                    version bigint NOT NULL DEFAULT 1,
                    updated_at timestamptz NOT NULL DEFAULT now()
                )
                """
            ]
        ),
    ]
}
