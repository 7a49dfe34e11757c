public import Logging
public import PostgresNIO

/// The cluster's shared state in PostgreSQL: node membership, session ownership under fenced leases, relays,
/// and notifications between nodes.
///
/// All times (heartbeats, leases, expiry) are PostgreSQL's `now()`, never a node's clock, so nodes with skewed
/// clocks still agree. Every call returns within `callTimeout`: when PostgreSQL is down it fails with
/// `ClusterError.Code.databaseUnavailable`, and works again by itself once PostgreSQL is back.
///
/// The store needs `run()` driven for as long as it is used (in a task group or a `ServiceGroup`).
public final class ClusterStore: Sendable {
    let client: PostgresClient
    let logger: Logger
    /// The most any one call waits for PostgreSQL, connection included.
    public let callTimeout: Duration

    /// A store for the database `url` names; each connection attempt is bounded by `callTimeout` too.
    public convenience init(url: ClusterDatabaseURL, callTimeout: Duration = .seconds(5), logger: Logger) {
        self.init(
            configuration: url.clientConfiguration(connectTimeout: callTimeout),
            callTimeout: callTimeout,
            logger: logger
        )
    }

    /// A store on `configuration`, which keeps at least one connection open: the pool retries a failed
    /// connection only while something waits for one, so without a standing connection a call that timed out
    /// during an outage would leave the pool never reconnecting.
    public init(configuration: PostgresClient.Configuration, callTimeout: Duration = .seconds(5), logger: Logger) {
        var configuration = configuration
        configuration.options.minimumConnections = max(1, configuration.options.minimumConnections)
        self.client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.callTimeout = callTimeout
        self.logger = logger
    }

    /// Drives the connection pool until the calling task is cancelled (or, in a `ServiceGroup`, shut down).
    /// Calls made while it is not running wait and then fail with `.databaseUnavailable`.
    public func run() async {
        await client.run()
    }
}
