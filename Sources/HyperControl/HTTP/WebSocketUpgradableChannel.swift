import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1
import NIOWebSocket
import Synchronization

/// An HTTP/1.1 child channel whose upgrade requests go through the router first: a route that accepts one claims the
/// request's `WebSocketUpgradeSlot` and the connection becomes that WebSocket; any other answer — a 401, 404 or 409
/// problem — is written as the router made it and the connection closes. (hummingbird-websocket's upgrade channel
/// answers every refused upgrade with an empty 400.)
struct WebSocketUpgradableChannel: ServerChildChannel {
    /// What the router said to an upgrade request: the WebSocket and its response headers, or the refusal.
    enum Upgrade: Sendable {
        case accepted(WebSocketSession, HTTPFields)
        case refused(Response)
    }

    enum Negotiated: Sendable {
        case http(NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>)
        case refused(NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>, Response)
        case webSocket(NIOAsyncChannel<WebSocketFrame, WebSocketFrame>, WebSocketSession)
    }

    /// The router's answer to the connection's upgrade request, between the upgrader's two callbacks.
    final class UpgradeDecision: Sendable {
        let value = Mutex<Upgrade?>(nil)
    }

    struct Value: ServerChildChannelValue {
        let negotiated: EventLoopFuture<Negotiated>
        let channel: any Channel
    }

    /// The largest WebSocket frame read; a longer one closes the connection (1009).
    static let maximumFrameSize = 1024

    let http1: HTTP1Channel
    /// Answers upgrade requests: the router with the control plane's middleware.
    let upgrader: @Sendable (Request, any Channel, Logger) async -> Upgrade

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            let decided = UpgradeDecision()
            let webSocket = NIOTypedWebSocketServerUpgrader<Negotiated>(
                maxFrameSize: Self.maximumFrameSize,
                shouldUpgrade: { channel, head in
                    let promise = channel.eventLoop.makePromise(of: HTTPHeaders?.self)
                    promise.completeWithTask {
                        let request = Request(
                            head: try HTTPRequest(head, secure: false, splitCookie: false), body: .init(buffer: .init())
                        )
                        let upgrade = await upgrader(request, channel, logger)
                        decided.value.withLock { $0 = upgrade }
                        guard case .accepted(_, let headers) = upgrade else { return nil }
                        return HTTPHeaders(headers)
                    }
                    return promise.futureResult
                },
                upgradePipelineHandler: { channel, _ in
                    channel.eventLoop.makeCompletedFuture {
                        guard case .accepted(let session, _) = decided.value.withLock({ $0 }) else {
                            throw ChannelError.inappropriateOperationForState
                        }
                        let frames = try NIOAsyncChannel<WebSocketFrame, WebSocketFrame>(
                            wrappingChannelSynchronously: channel)
                        return Negotiated.webSocket(frames, session)
                    }
                })
            let configuration = NIOTypedHTTPServerUpgradeConfiguration<Negotiated>(
                upgraders: [webSocket],
                notUpgradingCompletionHandler: { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(HTTP1ToHTTPServerCodec(secure: false))
                        try channel.pipeline.syncOperations.addHandlers(http1.configuration.additionalChannelHandlers())
                        try channel.pipeline.syncOperations.addHandler(
                            HTTPConnectionStateHandler(
                                idleTimeout: http1.configuration.idleTimeout.map { .init($0) }, logger: logger))
                        let http = try NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>(
                            wrappingChannelSynchronously: channel,
                            configuration: .init(isOutboundHalfClosureEnabled: true))
                        if case .refused(let response) = decided.value.withLock({ $0 }) {
                            return .refused(http, response)
                        }
                        return .http(http)
                    }
                })
            // Before the upgrade handler, which holds a request until its head is complete: a head that never
            // completes (slowloris) would otherwise keep its connection past every timeout.
            if let idle = http1.configuration.idleTimeout {
                try channel.pipeline.syncOperations.addHandlers(IdleStateHandler(readTimeout: idle), ReadIdleCloser())
            }
            var pipeline = NIOUpgradableHTTPServerPipelineConfiguration(upgradeConfiguration: configuration)
            pipeline.enablePipelining = false
            pipeline.enableErrorHandling = false
            pipeline.enableResponseHeaderValidation = false
            let negotiated = try channel.pipeline.syncOperations.configureUpgradableHTTPServerPipeline(
                configuration: pipeline)
            return Value(negotiated: negotiated, channel: channel)
        }
    }

    func handle(value: Value, logger: Logger) async {
        do {
            switch try await value.negotiated.get() {
            case .http(let http):
                await http1.handleHTTP(asyncChannel: http, logger: logger)
            case .refused(let http, let response):
                // The refusal is written as the router made it, without reading the request again; then the
                // connection closes, as after any failed upgrade.
                let body = try await RefusalBody.collect(response.body)
                var head = response.head
                head.headerFields[.connection] = "close"
                head.headerFields[.contentLength] = "\(body.readableBytes)"
                try await http.executeThenClose { _, outbound in
                    try await outbound.write(.head(head))
                    try await outbound.write(.body(body))
                    try await outbound.write(.end(nil))
                }
            case .webSocket(let frames, let session):
                await session.run(frames, logger)
            }
        } catch {
            logger.debug("connection ended before its upgrade was settled: \(error)")
        }
    }
}

/// A refusal's body, gathered into one buffer to be written on the connection directly.
private struct RefusalBody: ResponseBodyWriter {
    final class Bytes: Sendable {
        let buffer = Mutex(ByteBuffer())
    }

    let bytes: Bytes

    static func collect(_ body: ResponseBody) async throws -> ByteBuffer {
        let bytes = Bytes()
        try await body.write(RefusalBody(bytes: bytes))
        return bytes.buffer.withLock { $0 }
    }

    mutating func write(_ buffer: ByteBuffer) async throws {
        bytes.buffer.withLock { $0.writeImmutableBuffer(buffer) }
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}

/// Closes a connection that sent nothing for the idle timeout (`IdleStateHandler`'s read event).
private final class ReadIdleCloser: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let idle = event as? IdleStateHandler.IdleStateEvent, idle == .read {
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }
}
