/// What a datagram on the shared media port carries, told apart by its first bytes (RFC 7983, RFC 5761 rtcp-mux).
public enum PacketKind: Sendable {
    case stun, dtls, rtp, rtcp, unknown

    /// Classifies by the first byte (0–3 STUN, 20–63 DTLS, 128–191 RTP or RTCP) and, for RTP versus RTCP, by the
    /// second: 192–223 is an RTCP packet type (RTP payload types 64–95 with the marker bit are ruled out by RFC 5761).
    public static func classify(_ bytes: [UInt8]) -> PacketKind {
        guard let first = bytes.first else { return .unknown }
        switch first {
        case 0...3:
            return .stun
        case 20...63:
            return .dtls
        case 128...191:
            guard bytes.count >= 2 else { return .unknown }
            return (192...223).contains(bytes[1]) ? .rtcp : .rtp
        default:
            return .unknown
        }
    }
}
