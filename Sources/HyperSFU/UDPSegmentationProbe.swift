import NIOCore
import NIOPosix

/// Checks that this kernel really splits a segmented (`UDP_SEGMENT`) datagram before the media socket relies on it:
/// a send the kernel refuses would close the socket every viewer shares. Sends one three-segment datagram over
/// loopback and waits for three datagrams of the right sizes.
enum UDPSegmentationProbe {
    /// nil when segmentation works, else why it cannot be used.
    static func run(on loop: any EventLoop) async -> String? {
        guard System.supportsUDPSegmentationOffload else { return "this platform has no UDP_SEGMENT" }
        let expected = [100, 100, 37]
        let promise = loop.makePromise(of: [Int].self)
        do {
            let receiver = try await DatagramBootstrap(group: loop)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(
                            Collector(expected: expected.count, promise: promise)
                        )
                    }
                }
                .bind(host: "127.0.0.1", port: 0).get()
            let sender = try await DatagramBootstrap(group: loop).bind(host: "127.0.0.1", port: 0).get()
            defer {
                receiver.close(promise: nil)
                sender.close(promise: nil)
            }
            guard let address = receiver.localAddress else { return "the probe socket has no address" }
            let metadata = AddressedEnvelope<ByteBuffer>.Metadata(
                ecnState: .transportNotCapable, packetInfo: nil, segmentSize: expected[0]
            )
            let data = sender.allocator.buffer(repeating: 0x5A, count: expected.reduce(0, +))
            try await sender.writeAndFlush(AddressedEnvelope(remoteAddress: address, data: data, metadata: metadata))
            loop.scheduleTask(in: .seconds(1)) {
                promise.fail(ChannelError.connectTimeout(.seconds(1)))
            }
            let sizes = try await promise.futureResult.get()
            return sizes == expected ? nil : "a segmented datagram arrived as \(sizes), not \(expected)"
        } catch {
            promise.fail(error)
            return "a segmented send failed: \(error)"
        }
    }

    private final class Collector: ChannelInboundHandler {
        typealias InboundIn = AddressedEnvelope<ByteBuffer>

        private let expected: Int
        private let promise: EventLoopPromise<[Int]>
        private var sizes: [Int] = []

        init(expected: Int, promise: EventLoopPromise<[Int]>) {
            self.expected = expected
            self.promise = promise
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            sizes.append(unwrapInboundIn(data).data.readableBytes)
            if sizes.count == expected { promise.succeed(sizes) }
        }
    }
}
