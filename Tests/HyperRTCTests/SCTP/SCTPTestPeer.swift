import Testing

@testable import HyperRTC

/// A browser-like SCTP client for tests, driving an `SCTPAssociation` on virtual time. It writes its packets byte
/// by byte and reads the server's with its own decoder, so the server's codec is not checked against itself.
struct SCTPTestPeer {
    struct Chunk: Equatable {
        var type: UInt8
        var flags: UInt8
        var value: [UInt8]
    }

    struct Sack: Equatable {
        var cumulativeTSN: UInt32
        var window: UInt32
        var gaps: [ClosedRange<UInt16>]
        var duplicates: [UInt32]
    }

    let tag: UInt32 = 0xC0FF_EE01
    let initialTSN: UInt32 = 0xFFFF_FFF0
    var serverTag: UInt32 = 0
    var serverInitialTSN: UInt32 = 0
    var nextTSN: UInt32 = 0xFFFF_FFF0
    var nextSequence: [UInt16: UInt16] = [:]
    var server: SCTPAssociation
    var now = 0.0

    init(configuration: SCTPConfiguration = SCTPConfiguration()) {
        server = SCTPAssociation(configuration: configuration)
    }

    static func be16(_ value: UInt16) -> [UInt8] { [UInt8(value >> 8), UInt8(value & 0xFF)] }
    static func be32(_ value: UInt32) -> [UInt8] { be16(UInt16(value >> 16)) + be16(UInt16(value & 0xFFFF)) }
    static func read32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        bytes[offset..<offset + 4].reduce(0) { $0 << 8 | UInt32($1) }
    }
    static func read16(_ bytes: [UInt8], _ offset: Int) -> UInt16 {
        UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
    }

    static func chunk(_ type: UInt8, flags: UInt8 = 0, _ value: [UInt8]) -> [UInt8] {
        [type, flags] + be16(UInt16(4 + value.count)) + value + [UInt8](repeating: 0, count: (4 - value.count % 4) % 4)
    }

    static func packet(tag: UInt32, _ chunks: [[UInt8]]) -> [UInt8] {
        var bytes = be16(5000) + be16(5000) + be32(tag) + [0, 0, 0, 0] + chunks.flatMap { $0 }
        let crc = ReflectedCRC32.castagnoli.checksum(bytes)
        bytes[8...11] = [UInt8(crc & 0xFF), UInt8(crc >> 8 & 0xFF), UInt8(crc >> 16 & 0xFF), UInt8(crc >> 24)]
        return bytes
    }

    static func chunks(of packet: [UInt8]) -> (tag: UInt32, chunks: [Chunk]) {
        var chunks: [Chunk] = []
        var offset = 12
        while offset + 4 <= packet.count {
            let length = Int(read16(packet, offset + 2))
            chunks.append(
                Chunk(
                    type: packet[offset], flags: packet[offset + 1], value: Array(packet[offset + 4..<offset + length]))
            )
            offset += (length + 3) / 4 * 4
        }
        return (read32(packet, 4), chunks)
    }

    static func sack(_ chunk: Chunk) -> Sack {
        let gapCount = Int(read16(chunk.value, 8))
        let duplicateCount = Int(read16(chunk.value, 10))
        return Sack(
            cumulativeTSN: read32(chunk.value, 0), window: read32(chunk.value, 4),
            gaps: (0..<gapCount).map { read16(chunk.value, 12 + 4 * $0)...read16(chunk.value, 14 + 4 * $0) },
            duplicates: (0..<duplicateCount).map { read32(chunk.value, 12 + 4 * (gapCount + $0)) })
    }

    var initChunk: [UInt8] {
        let forwardTSNSupported: [UInt8] = [0xC0, 0x00, 0x00, 0x04]
        let extensions: [UInt8] = [0x80, 0x08, 0x00, 0x06, 0xC0, 0x82, 0x00, 0x00]
        return Self.chunk(
            1,
            Self.be32(tag) + Self.be32(131_072) + Self.be16(1024) + Self.be16(1024) + Self.be32(initialTSN)
                + forwardTSNSupported + extensions)
    }

    /// Every packet the server has to send now, as chunk lists.
    mutating func drain() -> [[Chunk]] {
        var packets: [[Chunk]] = []
        while let packet = server.pollTransmit(now: now) {
            let decoded = Self.chunks(of: packet)
            #expect(decoded.tag == tag || decoded.chunks.first?.type == 2, "the server tags its packets with our tag")
            packets.append(decoded.chunks)
        }
        return packets
    }

    mutating func send(_ chunks: [UInt8]...) -> [SCTPEvent] {
        server.receive(Self.packet(tag: serverTag, chunks), now: now)
    }

    /// INIT, INIT-ACK, COOKIE-ECHO, COOKIE-ACK; returns the events of the COOKIE-ECHO.
    @discardableResult
    mutating func connect() -> [SCTPEvent] {
        _ = server.receive(Self.packet(tag: 0, [initChunk]), now: now)
        let initAck = drain()[0][0]
        serverTag = Self.read32(initAck.value, 0)
        serverInitialTSN = Self.read32(initAck.value, 12)
        let events = send(Self.chunk(10, Self.cookie(in: initAck)))
        _ = drain()
        return events
    }

    static func parameters(in value: [UInt8], from start: Int) -> [(type: UInt16, value: [UInt8])] {
        var parameters: [(UInt16, [UInt8])] = []
        var offset = start
        while offset + 4 <= value.count {
            let length = Int(read16(value, offset + 2))
            parameters.append((read16(value, offset), Array(value[offset + 4..<offset + length])))
            offset += (length + 3) / 4 * 4
        }
        return parameters
    }

    static func cookie(in initAck: Chunk) -> [UInt8] {
        parameters(in: initAck.value, from: 16).first { $0.type == 7 }!.value
    }

    /// A DATA chunk; flags are U 0x04, B 0x02, E 0x01.
    static func data(
        tsn: UInt32, stream: UInt16, sequence: UInt16 = 0, ppid: UInt32, flags: UInt8 = 0x07, _ payload: [UInt8]
    )
        -> [UInt8]
    {
        chunk(0, flags: flags, be32(tsn) + be16(stream) + be16(sequence) + be32(ppid) + payload)
    }

    /// The next DATA chunk of a whole message, taking a TSN and, when ordered, a sequence number.
    mutating func message(_ payload: [UInt8], stream: UInt16 = 0, ppid: UInt32 = 53, ordered: Bool = false) -> [UInt8] {
        defer { nextTSN &+= 1 }
        var sequence: UInt16 = 0
        if ordered {
            sequence = nextSequence[stream, default: 0]
            nextSequence[stream] = sequence &+ 1
        }
        return Self.data(
            tsn: nextTSN, stream: stream, sequence: sequence, ppid: ppid, flags: ordered ? 0x03 : 0x07, payload)
    }

    /// DATA_CHANNEL_OPEN for an unordered channel with `maxRetransmits: 0`, sent ordered as RFC 8832 §6 requires.
    mutating func openChannel(_ stream: UInt16, label: String = "head-pose") -> [SCTPEvent] {
        let label = Array(label.utf8)
        let open: [UInt8] =
            [0x03, 0x81] + Self.be16(0) + Self.be32(0) + Self.be16(UInt16(label.count)) + Self.be16(0) + label
        return send(message(open, stream: stream, ppid: 50, ordered: true))
    }

    /// A SACK from the client acknowledging the server's TSNs.
    static func sack(cumulative: UInt32, gaps: [(UInt16, UInt16)] = [], window: UInt32 = 131_072) -> [UInt8] {
        chunk(
            3,
            be32(cumulative) + be32(window) + be16(UInt16(gaps.count)) + be16(0)
                + gaps.flatMap { be16($0.0) + be16($0.1) })
    }

    /// Every SACK in `packets`.
    static func sacks(in packets: [[Chunk]]) -> [Sack] {
        packets.flatMap { $0 }.filter { $0.type == 3 }.map(sack)
    }
}
