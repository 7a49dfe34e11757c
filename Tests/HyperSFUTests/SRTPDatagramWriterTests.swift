import HyperRTC
import NIOCore
import NIOPosix
import Synchronization
import Testing

@testable import HyperSFU

/// The fan-out's send path over real loopback sockets (`MediaSockets`): what the viewer's socket receives must be
/// exactly one SRTP datagram per RTP packet, each decrypting to the packet with the viewer's payload type, whether the
/// packets went as segmented (UDP GSO) datagrams or one by one.
@Suite struct SRTPDatagramWriterTests {
    private static let keys = (
        sender: SRTPKeyingMaterial(
            profile: .aes128CMHMACSHA1_80,
            localKey: .init(repeating: 1, count: 16), localSalt: .init(repeating: 2, count: 14),
            remoteKey: .init(repeating: 3, count: 16), remoteSalt: .init(repeating: 4, count: 14)
        ),
        receiver: SRTPKeyingMaterial(
            profile: .aes128CMHMACSHA1_80,
            localKey: .init(repeating: 3, count: 16), localSalt: .init(repeating: 4, count: 14),
            remoteKey: .init(repeating: 1, count: 16), remoteSalt: .init(repeating: 2, count: 14)
        )
    )

    /// A frame as the track packetizes it: every packet but a shorter last of equal size.
    private static func framePackets(bytes: Int) -> [[UInt8]] {
        var packetizer = VP8Packetizer(
            payloadType: VideoTrack.internalPayloadType, ssrc: 0xAB, initialSequenceNumber: 1)
        let frame = (0..<bytes).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        return packetizer.packetize(frame: frame, timestamp: 3000).map { $0.encoded() }
    }

    @Test func segmentableSizesAreEqualButAShorterLast() {
        #expect(SRTPDatagramWriter.isSegmentable([1210, 1210, 1210, 1200]))
        #expect(SRTPDatagramWriter.isSegmentable([1210, 1210]))
        #expect(SRTPDatagramWriter.isSegmentable([500]))
        #expect(!SRTPDatagramWriter.isSegmentable([1210, 1209, 1210]))
        #expect(!SRTPDatagramWriter.isSegmentable([1200, 1210]))
        #expect(!SRTPDatagramWriter.isSegmentable([]))
    }

    @Test(arguments: [
        (bytes: 11_000, segmentation: true), (bytes: 11_000, segmentation: false),
        (bytes: 110_000, segmentation: true), (bytes: 900, segmentation: true),
    ])
    func everyPacketArrivesAsItsOwnDecryptableDatagram(bytes: Int, segmentation: Bool) async throws {
        let packets = Self.framePackets(bytes: bytes)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let segmentationWorks = await UDPSegmentationProbe.run(on: loop) == nil
        let collector = Collector()
        let receiver = try await DatagramBootstrap(group: loop)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(collector)
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let sender = try await DatagramBootstrap(group: loop).bind(host: "127.0.0.1", port: 0).get()
        let address = try #require(receiver.localAddress)
        let srtp = try SRTPSession(keys: Self.keys.sender)
        nonisolated(unsafe) let unsafeSRTP = srtp
        let result = try await loop.submit {
            let writer = SRTPDatagramWriter(segmentation: segmentation && segmentationWorks)
            let sockets = MediaSockets()
            sockets.install(sender, at: 0)
            let result = writer.write(
                packets[...], payloadType: 100, srtp: unsafeSRTP, to: address, on: 0, through: sockets)
            sockets.flush()
            return result
        }.get()

        let deadline = ContinuousClock.now + .seconds(3)
        while collector.received.withLock({ $0.count }) < packets.count, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        try await sender.close()
        try await receiver.close()
        try await group.shutdownGracefully()

        let runs = (packets.count + SRTPDatagramWriter.maximumSegments - 1) / SRTPDatagramWriter.maximumSegments
        #expect(result.packets == packets.count && result.failed == 0)
        #expect(result.payloadBytes == packets.reduce(0) { $0 + $1.count - 12 })
        if segmentation, segmentationWorks {
            #expect(result.datagrams == runs, "\(packets.count) packets should leave as \(runs) segmented datagrams")
        } else {
            #expect(result.datagrams == packets.count)
        }
        let datagrams = collector.received.withLock { $0 }
        #expect(datagrams.count == packets.count)
        #expect(result.bytes == datagrams.reduce(0) { $0 + $1.count })
        let unprotect = try SRTPSession(keys: Self.keys.receiver)
        for (datagram, packet) in zip(datagrams, packets) {
            var expected = packet
            expected[1] = (packet[1] & 0x80) | 100
            #expect(try unprotect.unprotectRTP(datagram) == expected)
        }
    }

    @Test func packetsOfUnequalSizesGoOneByOneFromTheSameBuffer() async throws {
        let packets = Self.framePackets(bytes: 3000) + Self.framePackets(bytes: 2500)
        let sizes = packets.map(\.count)
        #expect(!SRTPDatagramWriter.isSegmentable(sizes), "the test needs sizes the kernel cannot segment: \(sizes)")
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let sender = try await DatagramBootstrap(group: loop).bind(host: "127.0.0.1", port: 0).get()
        let address = try SocketAddress(ipAddress: "127.0.0.1", port: 9)
        let srtp = try SRTPSession(keys: Self.keys.sender)
        nonisolated(unsafe) let unsafeSRTP = srtp
        let result = try await loop.submit {
            let writer = SRTPDatagramWriter(segmentation: true)
            let sockets = MediaSockets()
            sockets.install(sender, at: 0)
            let result = writer.write(
                packets[...], payloadType: 96, srtp: unsafeSRTP, to: address, on: 0, through: sockets)
            sockets.flush()
            return result
        }.get()
        try await sender.close()
        try await group.shutdownGracefully()
        #expect(result.datagrams == packets.count && result.packets == packets.count)
    }

    private final class Collector: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = AddressedEnvelope<ByteBuffer>
        let received = Mutex<[[UInt8]]>([])

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let bytes = Array(unwrapInboundIn(data).data.readableBytesView)
            received.withLock { $0.append(bytes) }
        }
    }
}
