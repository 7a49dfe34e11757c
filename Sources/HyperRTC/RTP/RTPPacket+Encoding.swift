extension RTPPacket {
    /// The number of bytes `encode(into:)` appends.
    public var encodedCount: Int {
        Self.fixedHeaderLength + 4 * csrcs.count + extensionWireLength + payload.count + paddingLength
    }

    private var extensionWireLength: Int {
        extensionProfile == nil ? 0 : 4 + (extensionData.count + 3) / 4 * 4
    }

    /// The packet on the wire, in a new array.
    public func encoded() -> [UInt8] {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(encodedCount)
        encode(into: &buffer)
        return buffer
    }

    /// Appends the packet's wire form to `buffer`, with no allocation beyond growing `buffer` itself.
    public func encode(into buffer: inout [UInt8]) {
        precondition(csrcs.count <= 15, "an RTP header holds at most 15 CSRCs, not \(csrcs.count)")
        precondition((0...255).contains(paddingLength), "RTP padding must be 0 through 255 bytes, not \(paddingLength)")
        RTPWire.reserve(encodedCount, in: &buffer)
        var first: UInt8 = 0x80 | UInt8(csrcs.count)
        if paddingLength > 0 { first |= 0x20 }
        if extensionProfile != nil { first |= 0x10 }
        buffer.append(first)
        buffer.append((marker ? 0x80 : 0) | payloadType & 0x7F)
        RTPWire.append(sequenceNumber, to: &buffer)
        RTPWire.append(timestamp, to: &buffer)
        RTPWire.append(ssrc, to: &buffer)
        for csrc in csrcs {
            RTPWire.append(csrc, to: &buffer)
        }
        if let extensionProfile {
            let words = (extensionData.count + 3) / 4
            precondition(words <= Int(UInt16.max), "RTP header extension of \(extensionData.count) bytes is too long")
            RTPWire.append(extensionProfile, to: &buffer)
            RTPWire.append(UInt16(words), to: &buffer)
            buffer.append(contentsOf: extensionData)
            buffer.append(contentsOf: repeatElement(0, count: 4 * words - extensionData.count))
        }
        buffer.append(contentsOf: payload)
        if paddingLength > 0 {
            buffer.append(contentsOf: repeatElement(0, count: paddingLength - 1))
            buffer.append(UInt8(paddingLength))
        }
    }
}
