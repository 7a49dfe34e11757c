/// The attribute TLVs of a STUN message, located but not decoded, after the header has been checked.
///
/// Parsing, integrity and fingerprint checks and the cheap USERNAME lookup all walk a message this way, so they
/// agree on what is well formed.
struct STUNAttributeWalk {
    struct Entry {
        var type: UInt16
        /// Offset of the attribute header from the start of the message.
        var offset: Int
        var valueRange: Range<Int>
    }

    var entries: [Entry] = []

    /// Checks the 20-byte header and walks every attribute; throws a precise `.malformedPacket` otherwise.
    init(_ bytes: [UInt8]) throws(RTCError) {
        try Self.checkHeader(bytes)
        var offset = STUNWireFormat.headerLength
        while offset < bytes.count {
            let remaining = bytes.count - offset
            guard remaining >= 4 else {
                throw RTCError(
                    .malformedPacket, "STUN attribute header at offset \(offset) needs 4 bytes, \(remaining) remain")
            }
            let type = STUNWireFormat.uint16(bytes, at: offset)
            let length = Int(STUNWireFormat.uint16(bytes, at: offset + 2))
            let padded = STUNWireFormat.paddedLength(length)
            guard padded <= remaining - 4 else {
                throw RTCError(
                    .malformedPacket,
                    "STUN attribute \(STUNWireFormat.hex16(type)) at offset \(offset) declares \(length) bytes"
                        + (padded == length ? "" : " (\(padded) padded)") + ", \(remaining - 4) remain")
            }
            entries.append(Entry(type: type, offset: offset, valueRange: offset + 4..<offset + 4 + length))
            offset += 4 + padded
        }
    }

    static func checkHeader(_ bytes: [UInt8]) throws(RTCError) {
        guard bytes.count >= STUNWireFormat.headerLength else {
            throw RTCError(
                .malformedPacket, "STUN message is \(bytes.count) bytes, shorter than the 20-byte header")
        }
        guard bytes[0] & 0xC0 == 0 else {
            throw RTCError(
                .malformedPacket, "STUN message type must start with two zero bits, first byte is \(bytes[0])")
        }
        let cookie = STUNWireFormat.uint32(bytes, at: 4)
        guard cookie == STUNWireFormat.magicCookie else {
            throw RTCError(
                .malformedPacket, "STUN magic cookie is 0x\(String(cookie, radix: 16)), expected 0x2112a442")
        }
        let declared = Int(STUNWireFormat.uint16(bytes, at: 2))
        guard declared % 4 == 0 else {
            throw RTCError(.malformedPacket, "STUN message length \(declared) is not a multiple of 4")
        }
        let following = bytes.count - STUNWireFormat.headerLength
        guard declared == following else {
            throw RTCError(
                .malformedPacket, "STUN header declares \(declared) bytes of attributes, \(following) follow")
        }
    }
}
