extension RTPPacket {
    static let fixedHeaderLength = 12

    /// Parses one RTP packet, rejecting anything whose header disagrees with its length.
    public init(parsing bytes: [UInt8]) throws(RTCError) {
        guard bytes.count >= Self.fixedHeaderLength else {
            throw RTCError(
                .malformedPacket,
                "RTP packet is \(bytes.count) bytes, shorter than the \(Self.fixedHeaderLength)-byte fixed header")
        }
        let version = bytes[0] >> 6
        guard version == 2 else {
            throw RTCError(.malformedPacket, "RTP version \(version), expected 2")
        }
        let hasPadding = bytes[0] & 0x20 != 0
        let hasExtension = bytes[0] & 0x10 != 0
        let csrcCount = Int(bytes[0] & 0x0F)
        var offset = Self.fixedHeaderLength
        guard bytes.count - offset >= 4 * csrcCount else {
            throw RTCError(
                .malformedPacket, "header declares \(csrcCount) CSRCs, only \(bytes.count - offset) bytes follow")
        }
        var csrcs: [UInt32] = []
        if csrcCount > 0 {
            csrcs.reserveCapacity(csrcCount)
            for index in 0..<csrcCount {
                csrcs.append(RTPWire.uint32(bytes, at: offset + 4 * index))
            }
            offset += 4 * csrcCount
        }
        var extensionProfile: UInt16?
        var extensionData: [UInt8] = []
        if hasExtension {
            guard bytes.count - offset >= 4 else {
                throw RTCError(
                    .malformedPacket,
                    "header extension flag set, only \(bytes.count - offset) bytes follow the CSRC list")
            }
            extensionProfile = RTPWire.uint16(bytes, at: offset)
            let length = 4 * Int(RTPWire.uint16(bytes, at: offset + 2))
            offset += 4
            guard bytes.count - offset >= length else {
                throw RTCError(
                    .malformedPacket,
                    "header extension declares \(length) bytes, only \(bytes.count - offset) follow")
            }
            extensionData = Array(bytes[offset..<offset + length])
            offset += length
        }
        var end = bytes.count
        var paddingLength = 0
        if hasPadding {
            guard end > offset else {
                throw RTCError(.malformedPacket, "padding flag set, but no bytes follow the header")
            }
            paddingLength = Int(bytes[end - 1])
            guard paddingLength > 0 else {
                throw RTCError(.malformedPacket, "padding length 0, expected at least 1")
            }
            guard paddingLength <= end - offset else {
                throw RTCError(
                    .malformedPacket,
                    "padding declares \(paddingLength) bytes, only \(end - offset) bytes follow the header")
            }
            end -= paddingLength
        }
        self.marker = bytes[1] & 0x80 != 0
        self.payloadType = bytes[1] & 0x7F
        self.sequenceNumber = RTPWire.uint16(bytes, at: 2)
        self.timestamp = RTPWire.uint32(bytes, at: 4)
        self.ssrc = RTPWire.uint32(bytes, at: 8)
        self.csrcs = csrcs
        self.extensionProfile = extensionProfile
        self.extensionData = extensionData
        self.payload = Array(bytes[offset..<end])
        self.paddingLength = paddingLength
    }
}
