/// A WebRTC data channel the peer opened with DCEP (RFC 8832): its stream, label, sub-protocol and how its
/// messages are delivered, which also governs how the server sends on it.
public struct DataChannel: Equatable, Sendable {
    public enum Reliability: Equatable, Sendable {
        case reliable
        /// `maxRetransmits`: each message is sent at most this many extra times.
        case maxRetransmits(UInt32)
        /// `maxPacketLifeTime`: a message is not retransmitted after this many milliseconds.
        case maxLifetime(milliseconds: UInt32)
    }

    /// The SCTP stream, which is the channel's `id` in the W3C API.
    public var id: UInt16
    public var label: String
    public var `protocol`: String
    public var ordered: Bool
    public var reliability: Reliability
    public var priority: UInt16

    public init(
        id: UInt16, label: String, protocol: String, ordered: Bool, reliability: Reliability, priority: UInt16 = 256
    ) {
        self.id = id
        self.label = label
        self.protocol = `protocol`
        self.ordered = ordered
        self.reliability = reliability
        self.priority = priority
    }
}
