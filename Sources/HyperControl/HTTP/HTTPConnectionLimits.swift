/// What one HTTP client may hold open: how long a connection may sit with no request under way (idle keep-alive, or
/// a request head that has not finished arriving), how long a request's body may take to arrive, and how many
/// connections one address may have at once. Together they bound what a slow or abandoned client (slowloris) can
/// take from everyone else.
public struct HTTPConnectionLimits: Sendable, Equatable {
    public static let defaultIdleTimeout = Duration.seconds(30)
    public static let defaultRequestReadTimeout = Duration.seconds(10)
    public static let defaultConnectionsPerClient = 256

    public var idleTimeout: Duration
    /// From a request's head to its last body byte; the API's bodies (SDP offers, flag values) are a few kilobytes.
    public var requestReadTimeout: Duration
    /// Connections one client address (IPv4, or an IPv6 /64) may hold; past it new ones are closed at accept.
    public var connectionsPerClient: Int

    public init(
        idleTimeout: Duration = defaultIdleTimeout,
        requestReadTimeout: Duration = defaultRequestReadTimeout,
        connectionsPerClient: Int = defaultConnectionsPerClient
    ) {
        self.idleTimeout = idleTimeout
        self.requestReadTimeout = requestReadTimeout
        self.connectionsPerClient = connectionsPerClient
    }
}
