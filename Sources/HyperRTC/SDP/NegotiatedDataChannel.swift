/// The data channel m-section an answer accepted (RFC 8841): SCTP over the bundled DTLS association.
public struct NegotiatedDataChannel: Equatable, Sendable {
    /// The port our SCTP association uses, announced as `a=sctp-port`.
    public static let localPort: UInt16 = 5000
    /// The largest message we take, announced as `a=max-message-size`: XR messages are tens of bytes.
    public static let localMaximumMessageSize = 16 * 1024

    public var mid: String
    /// The offerer's `a=sctp-port` (5000 when it wrote none).
    public var remotePort: UInt16
    /// The offerer's `a=max-message-size`: the largest message we may send it (65 536 when it wrote none, 0 for no
    /// limit, RFC 8841 §6).
    public var remoteMaximumMessageSize: Int

    public init(mid: String, remotePort: UInt16 = 5000, remoteMaximumMessageSize: Int = 65536) {
        self.mid = mid
        self.remotePort = remotePort
        self.remoteMaximumMessageSize = remoteMaximumMessageSize
    }
}
