import Logging
import NIOCore
import NIOWebSocket
import Synchronization

/// What a connection runs once it became a WebSocket.
struct WebSocketSession: Sendable {
    let run: @Sendable (NIOAsyncChannel<WebSocketFrame, WebSocketFrame>, Logger) async -> Void
}

/// Carried by the request context of an upgrade request (`WebSocketUpgradableChannel`): the route that accepts the
/// upgrade leaves its session here. A plain request has none, so no route can upgrade it.
final class WebSocketUpgradeSlot: Sendable {
    private let claimed = Mutex<WebSocketSession?>(nil)

    var session: WebSocketSession? {
        claimed.withLock { $0 }
    }

    func claim(_ session: WebSocketSession) {
        claimed.withLock { $0 = session }
    }
}
