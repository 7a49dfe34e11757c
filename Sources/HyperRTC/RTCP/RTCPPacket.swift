/// One RTCP packet of a compound datagram (RFC 3550 §6, RFC 4585 feedback, RFC 5104 FIR, REMB, transport-cc).
public enum RTCPPacket: Equatable, Sendable {
    case senderReport(SenderReport)
    case receiverReport(ReceiverReport)
    case sourceDescription(chunks: [SourceDescriptionChunk])
    /// At most 31 sources; a reason of at most 255 UTF-8 bytes.
    case goodbye(ssrcs: [UInt32], reason: String?)
    /// RTPFB FMT 1; the PID+BLP pairs expanded to sequence numbers, compressed back when encoding.
    case genericNACK(senderSSRC: UInt32, mediaSSRC: UInt32, lost: [UInt16])
    /// PSFB FMT 1.
    case pictureLossIndication(senderSSRC: UInt32, mediaSSRC: UInt32)
    /// PSFB FMT 4.
    case fullIntraRequest(senderSSRC: UInt32, requests: [FullIntraRequestEntry])
    /// PSFB FMT 15 with the "REMB" identifier; the bitrate in bit/s travels as an 18-bit mantissa and 6-bit exponent,
    /// so encoding rounds it down to what fits.
    case receiverEstimatedMaximumBitrate(senderSSRC: UInt32, bitrate: UInt64, ssrcs: [UInt32])
    /// RTPFB FMT 15 (transport-wide congestion control), its feedback kept unparsed and unpadded.
    case transportFeedback(senderSSRC: UInt32, mediaSSRC: UInt32, raw: [UInt8])
    /// Any other packet: its type, its 5-bit count/format field and the bytes after the 4-byte header, unpadded.
    case unknown(packetType: UInt8, format: UInt8, body: [UInt8])
}

/// RTCP packet type numbers (RFC 3550 §12.1, RFC 4585 §6.1).
enum RTCPPacketType {
    static let senderReport: UInt8 = 200
    static let receiverReport: UInt8 = 201
    static let sourceDescription: UInt8 = 202
    static let goodbye: UInt8 = 203
    static let transportLayerFeedback: UInt8 = 205
    static let payloadSpecificFeedback: UInt8 = 206
}

/// Feedback message types (FMT) in the count field of RTPFB and PSFB packets.
enum RTCPFeedbackFormat {
    static let genericNACK: UInt8 = 1
    static let transportWideCongestionControl: UInt8 = 15
    static let pictureLossIndication: UInt8 = 1
    static let fullIntraRequest: UInt8 = 4
    static let applicationLayer: UInt8 = 15
}
