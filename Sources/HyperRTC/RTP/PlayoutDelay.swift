/// The playout-delay RTP header extension (webrtc.org `rtp-hdrext/playout-delay`): the smallest and largest delay,
/// in 10 ms units (12 bits each), the receiver should hold frames before showing them.
public struct PlayoutDelay: Equatable, Sendable {
    /// Show each frame as soon as it decodes: what a head-tracked picture needs.
    public static let immediate = PlayoutDelay(minimum: 0, maximum: 0)

    public var minimum: UInt16
    public var maximum: UInt16

    public init(minimum: UInt16, maximum: UInt16) {
        self.minimum = min(minimum, 0xFFF)
        self.maximum = min(maximum, 0xFFF)
    }

    /// Sets `packet`'s header extension to this one alone, as a one-byte-header element (RFC 8285) with `id`.
    public func attach(to packet: inout RTPPacket, id: Int) {
        precondition((1...14).contains(id), "a one-byte header extension ID is 1...14, got \(id)")
        packet.extensionProfile = 0xBEDE
        packet.extensionData = [
            UInt8(id << 4 | 2), UInt8(minimum >> 4), UInt8((minimum & 0xF) << 4) | UInt8(maximum >> 8),
            UInt8(maximum & 0xFF),
        ]
    }
}
