/// One RTP packet (RFC 3550 §5.1) as plain fields; `init(parsing:)` and `encode(into:)` convert to and from the wire.
public struct RTPPacket: Equatable, Sendable {
    public var marker: Bool
    /// The 7-bit payload type; the high bit is ignored when encoding.
    public var payloadType: UInt8
    public var sequenceNumber: UInt16
    public var timestamp: UInt32
    public var ssrc: UInt32
    /// Contributing sources, at most 15.
    public var csrcs: [UInt32]
    /// The header extension's profile (0xBEDE for RFC 8285 one-byte headers); nil when the packet has none.
    public var extensionProfile: UInt16?
    /// The header extension's body; ignored without a profile, zero-padded to a 32-bit boundary when encoding.
    public var extensionData: [UInt8]
    public var payload: [UInt8]
    /// Padding bytes after the payload, including the final count byte: 0 (no padding) through 255.
    public var paddingLength: Int

    public init(
        payloadType: UInt8, sequenceNumber: UInt16, timestamp: UInt32, ssrc: UInt32, marker: Bool = false,
        payload: [UInt8] = []
    ) {
        self.marker = marker
        self.payloadType = payloadType
        self.sequenceNumber = sequenceNumber
        self.timestamp = timestamp
        self.ssrc = ssrc
        self.csrcs = []
        self.extensionProfile = nil
        self.extensionData = []
        self.payload = payload
        self.paddingLength = 0
    }
}
