import Logging
import NIOCore

/// Translates UDP datagrams, stamped with their arrival time and the media socket they came in on, into calls on the
/// event loop's `MediaRouter`; nothing else.
final class MediaChannelHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    private let router: MediaRouter
    private let socket: Int

    /// - Parameter socket: The index of this handler's socket in the server's `MediaSockets`, as the router knows it.
    init(router: MediaRouter, socket: Int) {
        self.router = router
        self.socket = socket
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        router.receive(
            Array(envelope.data.readableBytesView), from: envelope.remoteAddress, on: socket, now: MediaRouter.now())
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        router.logger.debug("UDP error: \(error)")
    }
}
