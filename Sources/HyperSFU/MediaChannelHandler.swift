import Logging
import NIOCore

/// Translates UDP datagrams, stamped with their arrival time, into calls on the event loop's `MediaRouter`; nothing
/// else.
final class MediaChannelHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    private let router: MediaRouter

    init(router: MediaRouter) {
        self.router = router
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        router.receive(Array(envelope.data.readableBytesView), from: envelope.remoteAddress, now: MediaRouter.now())
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        router.logger.debug("UDP error: \(error)")
    }
}
