import HyperRTC
import NIOCore

/// Turns a viewer's share of RTP packets into SRTP datagrams queued on a media socket through the router's
/// `MediaTransmitter`, copying each packet once: into the send buffer, where it gets the viewer's payload type and is
/// protected in place.
///
/// With UDP segmentation offload (`UDP_SEGMENT`, Linux ≥ 4.18) a run of packets whose protected sizes are all equal
/// but a shorter last — what `VP8Packetizer` makes of a frame — goes to the kernel as one datagram that it splits
/// into up to 64 segments: one pass through the UDP/IP stack per viewer and frame instead of one per packet.
/// Without it, the run's packets go as slices of the same buffer. Lives on the media event loop.
final class SRTPDatagramWriter {
    /// The kernel's `UDP_MAX_SEGMENTS`.
    static let maximumSegments = 64
    /// A segmented datagram's payload must fit one IP datagram: 65 535 less the IPv6 and UDP headers, rounded down.
    static let maximumDatagramBytes = 65_000
    /// The longest authentication tag of the profiles we negotiate (AEAD_AES_128_GCM; HMAC-SHA1-80 adds 10).
    static let tagBytes = 16

    /// What one call queued.
    struct Result {
        var packets = 0
        /// SRTP bytes queued.
        var bytes = 0
        /// RTP bytes after the 12-byte headers, for sender reports' octet count.
        var payloadBytes = 0
        var datagrams = 0
        /// Packets not sent: refused by SRTP, or dropped by the caller while the socket was full.
        var failed = 0

        mutating func add(_ other: Result) {
            packets += other.packets
            bytes += other.bytes
            payloadBytes += other.payloadBytes
            datagrams += other.datagrams
            failed += other.failed
        }
    }

    var segmentation: Bool
    private var sizes: [Int] = []
    private let allocator = ByteBufferAllocator()

    init(segmentation: Bool) {
        self.segmentation = segmentation
        sizes.reserveCapacity(Self.maximumSegments)
    }

    /// Protects `packets` with `srtp`, rewriting each one's payload type and lowering its sequence number by
    /// `sequenceOffset` (the packets of frames this viewer skipped), and queues them to `address` on media socket
    /// `socket` through `transmitter`, unflushed. A packet
    /// SRTP refuses (a retransmission older than its replay window) is counted in `failed` and skipped.
    func write(
        _ packets: ArraySlice<[UInt8]>,
        payloadType: UInt8,
        sequenceOffset: UInt16 = 0,
        srtp: SRTPSession,
        to address: SocketAddress,
        on socket: Int,
        through transmitter: any MediaTransmitter
    ) -> Result {
        var result = Result()
        var start = packets.startIndex
        while start < packets.endIndex {
            let end = runEnd(packets, from: start)
            var buffer = allocator.buffer(capacity: capacity(of: packets[start..<end]))
            sizes.removeAll(keepingCapacity: true)
            for packet in packets[start..<end] {
                guard
                    let size = Self.protect(
                        packet, payloadType: payloadType, sequenceOffset: sequenceOffset, srtp: srtp, into: &buffer)
                else {
                    result.failed += 1
                    continue
                }
                sizes.append(size)
                result.packets += 1
                result.bytes += size
                result.payloadBytes += packet.count - 12
            }
            result.datagrams += queue(buffer, to: address, on: socket, through: transmitter)
            start = end
        }
        return result
    }

    /// The end of the run starting at `start`: as many packets as one segmented datagram may carry.
    private func runEnd(_ packets: ArraySlice<[UInt8]>, from start: Int) -> Int {
        let limit = segmentation ? Self.maximumSegments : Self.maximumSegments * 4
        var end = start
        var bytes = 0
        while end < packets.endIndex, end - start < limit {
            bytes += packets[end].count + Self.tagBytes
            if bytes > Self.maximumDatagramBytes, end > start { break }
            end += 1
        }
        return end
    }

    /// Room for the run protected, plus the spare bytes libsrtp2 asks for after the last packet.
    private func capacity(of packets: ArraySlice<[UInt8]>) -> Int {
        packets.reduce(0) { $0 + $1.count + Self.tagBytes } + SRTPSession.maximumRTPExpansion
    }

    /// Appends `packet` to `buffer` protected, with `payloadType`; nil (and nothing appended) when SRTP refuses it.
    private static func protect(
        _ packet: [UInt8],
        payloadType: UInt8,
        sequenceOffset: UInt16,
        srtp: SRTPSession,
        into buffer: inout ByteBuffer
    ) -> Int? {
        guard packet.count >= 12 else { return nil }
        return try? buffer.writeWithUnsafeMutableBytes(
            minimumWritableBytes: packet.count + SRTPSession.maximumRTPExpansion
        ) { output -> Int in
            packet.withUnsafeBytes { output.copyMemory(from: $0) }
            output[1] = (packet[1] & 0x80) | payloadType
            if sequenceOffset != 0 {
                let sequence = (UInt16(packet[2]) << 8 | UInt16(packet[3])) &- sequenceOffset
                output[2] = UInt8(sequence >> 8)
                output[3] = UInt8(truncatingIfNeeded: sequence)
            }
            return try srtp.protectRTP(inPlace: output, length: packet.count)
        }
    }

    /// Queues the run in `buffer`, whose packet sizes are in `sizes`, as one segmented datagram when it can be one,
    /// else as one datagram per packet. Returns the datagrams queued.
    private func queue(
        _ buffer: ByteBuffer, to address: SocketAddress, on socket: Int, through transmitter: any MediaTransmitter
    ) -> Int {
        guard let first = sizes.first else { return 0 }
        if sizes.count == 1 {
            transmitter.queue(buffer, to: address, on: socket, segmentSize: nil)
            return 1
        }
        if segmentation, Self.isSegmentable(sizes) {
            transmitter.queue(buffer, to: address, on: socket, segmentSize: first)
            return 1
        }
        var offset = buffer.readerIndex
        for size in sizes {
            let slice = buffer.getSlice(at: offset, length: size)!
            transmitter.queue(slice, to: address, on: socket, segmentSize: nil)
            offset += size
        }
        return sizes.count
    }

    /// Whether the kernel can cut a datagram of these consecutive sizes back into them: all equal but the last,
    /// which may be shorter.
    static func isSegmentable(_ sizes: [Int]) -> Bool {
        guard let first = sizes.first, let last = sizes.last else { return false }
        return last <= first && sizes.dropLast().allSatisfy { $0 == first }
    }
}
