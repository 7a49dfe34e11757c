/// One SCTP packet: the common header and its chunks (RFC 4960 §3). Over DTLS one record carries one packet.
struct SCTPPacket: Equatable, Sendable {
    static let headerLength = 12

    var sourcePort: UInt16
    var destinationPort: UInt16
    var verificationTag: UInt32
    var chunks: [SCTPChunk]
}

extension SCTPPacket {
    /// True when the CRC32c in the common header matches the packet's bytes.
    static func hasValidChecksum(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= headerLength else { return false }
        let stored = UInt32(bytes[8]) | UInt32(bytes[9]) << 8 | UInt32(bytes[10]) << 16 | UInt32(bytes[11]) << 24
        var zeroed = bytes
        zeroed.replaceSubrange(8..<12, with: [0, 0, 0, 0])
        return ReflectedCRC32.castagnoli.checksum(zeroed) == stored
    }

    /// Parses a packet whose checksum was already verified, rejecting one with no chunks or a chunk that runs past
    /// its end; the last chunk may omit its padding.
    init(parsing bytes: [UInt8]) throws(RTCError) {
        guard bytes.count >= Self.headerLength + 4 else {
            throw RTCError(.malformedPacket, "SCTP packet of \(bytes.count) bytes has no chunk")
        }
        sourcePort = SCTPWire.uint16(bytes, at: 0)
        destinationPort = SCTPWire.uint16(bytes, at: 2)
        verificationTag = SCTPWire.uint32(bytes, at: 4)
        chunks = []
        var offset = Self.headerLength
        while offset < bytes.count {
            guard bytes.count - offset >= 4 else {
                throw RTCError(.malformedPacket, "SCTP chunk header truncated at offset \(offset)")
            }
            let length = Int(SCTPWire.uint16(bytes, at: offset + 2))
            guard length >= 4, length <= bytes.count - offset else {
                throw RTCError(.malformedPacket, "SCTP chunk at offset \(offset) declares \(length) bytes")
            }
            chunks.append(
                SCTPChunk(
                    type: bytes[offset], flags: bytes[offset + 1], value: Array(bytes[offset + 4..<offset + length])))
            offset += length + SCTPWire.padding(for: length)
        }
    }

    /// The packet's bytes with its CRC32c filled in.
    func encoded() -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Self.headerLength + chunks.reduce(0) { $0 + $1.encodedLength })
        SCTPWire.append(sourcePort, to: &bytes)
        SCTPWire.append(destinationPort, to: &bytes)
        SCTPWire.append(verificationTag, to: &bytes)
        bytes += [0, 0, 0, 0]
        for chunk in chunks {
            chunk.encode(into: &bytes)
        }
        let checksum = ReflectedCRC32.castagnoli.checksum(bytes)
        bytes.replaceSubrange(8..<12, with: (0..<4).map { UInt8(truncatingIfNeeded: checksum >> (8 * $0)) })
        return bytes
    }
}
