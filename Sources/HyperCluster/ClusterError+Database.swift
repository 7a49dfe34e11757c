import PostgresNIO

extension ClusterError {
    /// Classifies an error from PostgresNIO: lost or refused connections and server shutdowns are
    /// `.databaseUnavailable`; statements PostgreSQL rejected are `.queryFailed` with its message.
    init(_ error: any Error, during operation: String) {
        switch error {
        case let error as ClusterError:
            self = error
        case let error as PostgresTransactionError:
            let cause = error.closureError ?? error.beginError ?? error.commitError ?? error.rollbackError
            self =
                cause.map { ClusterError($0, during: operation) }
                ?? ClusterError(.queryFailed, "\(operation): the transaction failed")
        case let error as PSQLError where error.code == .server:
            let state = error.serverInfo?[.sqlState] ?? ""
            let message = error.serverInfo?[.message] ?? "unknown server error"
            let unavailable = state.hasPrefix("08") || state.hasPrefix("57P")
            self.init(unavailable ? .databaseUnavailable : .queryFailed, "\(operation): \(message) (SQLSTATE \(state))")
        case let error as PSQLError:
            self.init(.databaseUnavailable, "\(operation): PostgreSQL unavailable (\(error.code))")
        default:
            self.init(.databaseUnavailable, "\(operation): PostgreSQL unavailable (\(error))")
        }
    }

    /// Whether `error` is PostgreSQL's unique violation (SQLSTATE 23505), wherever PostgresNIO wrapped it.
    static func isUniqueViolation(_ error: any Error) -> Bool {
        sqlState(of: error) == "23505"
    }

    /// Whether `error` is PostgreSQL's foreign-key violation (SQLSTATE 23503).
    static func isForeignKeyViolation(_ error: any Error) -> Bool {
        sqlState(of: error) == "23503"
    }

    private static func sqlState(of error: any Error) -> String? {
        switch error {
        case let error as PostgresTransactionError:
            return error.closureError.flatMap(sqlState(of:)) ?? error.commitError.flatMap(sqlState(of:))
        case let error as PSQLError:
            return error.serverInfo?[.sqlState]
        default:
            return nil
        }
    }
}
