import NIOCore

/// Gathers the bytes of one HTTP/1.1 response on a connection and completes its promise once the response is whole
/// (or the peer closed); then closes the connection.
final class HTTPResponseCollector: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let promise: EventLoopPromise<ControlPlaneResponse>
    private var bytes: [UInt8] = []
    private var done = false

    init(promise: EventLoopPromise<ControlPlaneResponse>) {
        self.promise = promise
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        bytes += unwrapInboundIn(data).readableBytesView
        parse(context: context, atEnd: false)
    }

    func channelInactive(context: ChannelHandlerContext) {
        parse(context: context, atEnd: true)
        finish(.failure(LoadViewerError(.http, "the connection closed before a response arrived")), context: context)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        finish(.failure(LoadViewerError(.http, "HTTP connection failed: \(error)")), context: context)
    }

    private func parse(context: ChannelHandlerContext, atEnd: Bool) {
        guard !done else { return }
        do {
            guard let response = try ControlPlaneResponse(parsing: bytes, atEnd: atEnd) else { return }
            finish(.success(response), context: context)
        } catch {
            finish(.failure(error), context: context)
        }
    }

    private func finish(_ result: Result<ControlPlaneResponse, LoadViewerError>, context: ChannelHandlerContext) {
        guard !done else { return }
        done = true
        promise.completeWith(result.mapError { $0 as any Error })
        context.close(promise: nil)
    }
}
