import PostgresNIO

extension ClusterStore {
    /// The advisory lock every migrating node takes ("Hypercub" in ASCII), so nodes starting together migrate
    /// one after another instead of racing to create the same tables.
    static let migrationLock: Int64 = 0x4879_7065_7263_7562

    /// Creates or upgrades the cluster schema, in one transaction under `migrationLock`; returns the versions
    /// it applied (none when the schema is current). A database migrated by a newer node is left as it is.
    @discardableResult
    public func migrate() async throws(ClusterError) -> [Int] {
        do {
            return try await transaction("migrating the cluster schema") { connection in
                let logger = self.logger
                try await connection.query("SELECT pg_advisory_xact_lock(\(Self.migrationLock))", logger: logger)
                try await connection.query(
                    """
                    CREATE TABLE IF NOT EXISTS hypercube_schema_migrations (
                        version integer PRIMARY KEY,
                        summary text NOT NULL,
                        applied_at timestamptz NOT NULL DEFAULT now()
                    )
                    """,
                    logger: logger
                )
                var applied = Set<Int>()
                for try await version in try await connection.query(
                    "SELECT version FROM hypercube_schema_migrations",
                    logger: logger
                ).decode(Int.self) {
                    applied.insert(version)
                }
                var newlyApplied: [Int] = []
                for migration in ClusterMigration.all where !applied.contains(migration.version) {
                    for statement in migration.statements {
                        try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                    }
                    try await connection.query(
                        """
                        INSERT INTO hypercube_schema_migrations (version, summary)
                        VALUES (\(migration.version), \(migration.summary))
                        """,
                        logger: logger
                    )
                    newlyApplied.append(migration.version)
                }
                return newlyApplied
            }
        } catch  where error.code == .databaseUnavailable {
            throw error
        } catch {
            throw ClusterError(.migrationFailed, error.message)
        }
    }
}
