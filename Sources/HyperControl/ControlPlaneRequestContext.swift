public import Hummingbird
public import NIOCore

/// The request context of the control plane: Hummingbird's core storage plus the client's address, which keys
/// the write rate limit.
public struct ControlPlaneRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?
    /// Set on a WebSocket upgrade request only; the route that accepts the upgrade claims it.
    var webSocketUpgrade: WebSocketUpgradeSlot?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }
}
