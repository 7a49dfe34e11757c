/// A Data Channel Establishment Protocol message (RFC 8832 §5), carried with PPID 50.
enum DataChannelMessage: Equatable, Sendable {
    case open(DataChannel)
    case acknowledgement

    static let openType: UInt8 = 0x03
    static let acknowledgementType: UInt8 = 0x02

    /// Decodes a DCEP message arriving on `stream`, rejecting unknown message and channel types and lengths that run
    /// past the end.
    init(parsing bytes: [UInt8], stream: UInt16) throws(RTCError) {
        switch bytes.first {
        case Self.acknowledgementType:
            self = .acknowledgement
        case Self.openType:
            guard bytes.count >= 12 else {
                throw RTCError(.malformedPacket, "DATA_CHANNEL_OPEN of \(bytes.count) bytes")
            }
            let channelType = bytes[1]
            let parameter = SCTPWire.uint32(bytes, at: 4)
            let labelLength = Int(SCTPWire.uint16(bytes, at: 8))
            let protocolLength = Int(SCTPWire.uint16(bytes, at: 10))
            guard bytes.count >= 12 + labelLength + protocolLength else {
                throw RTCError(.malformedPacket, "DATA_CHANNEL_OPEN label and protocol run past its end")
            }
            let reliability: DataChannel.Reliability
            switch channelType & 0x7F {
            case 0x00: reliability = .reliable
            case 0x01: reliability = .maxRetransmits(parameter)
            case 0x02: reliability = .maxLifetime(milliseconds: parameter)
            default: throw RTCError(.malformedPacket, "DATA_CHANNEL_OPEN has unknown channel type \(channelType)")
            }
            self = .open(
                DataChannel(
                    id: stream, label: String(decoding: bytes[12..<12 + labelLength], as: UTF8.self),
                    protocol: String(decoding: bytes[(12 + labelLength)...].prefix(protocolLength), as: UTF8.self),
                    ordered: channelType & 0x80 == 0, reliability: reliability, priority: SCTPWire.uint16(bytes, at: 2))
            )
        default:
            throw RTCError(.malformedPacket, "DCEP message type \(bytes.first.map { "\($0)" } ?? "missing") is unknown")
        }
    }
}

/// SCTP payload protocol identifiers of WebRTC data channels (RFC 8831 §8).
enum DataChannelPPID {
    static let control: UInt32 = 50
    static let string: UInt32 = 51
    static let binary: UInt32 = 53
    static let emptyString: UInt32 = 56
    static let emptyBinary: UInt32 = 57
}
