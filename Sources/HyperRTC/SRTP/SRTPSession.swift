internal import CSRTP

/// One viewer's SRTP: outbound RTP through `SRTPRTPSealer` (OpenSSL, the fan-out's hot path), outbound RTCP and
/// everything inbound through libsrtp2 sessions (ssrc_any_outbound / ssrc_any_inbound).
///
/// Not thread-safe: a session belongs to one viewer and is used from one place at a time.
public final class SRTPSession {
    /// Room libsrtp2 may write past a packet it protects: the longest tag and MKI, and the 4-byte SRTCP index.
    private static let trailerCapacity = Int(SRTP_MAX_TRAILER_LEN) + 4
    private static let rtpHeaderLength = 12
    private static let rtcpHeaderLength = 8

    private let sealer: SRTPRTPSealer
    private let outbound: SRTPContext
    private let inbound: SRTPContext

    public init(keys: SRTPKeyingMaterial) throws(RTCError) {
        let profile = keys.profile
        let lengths = [
            ("local key", keys.localKey.count, profile.keyLength),
            ("local salt", keys.localSalt.count, profile.saltLength),
            ("remote key", keys.remoteKey.count, profile.keyLength),
            ("remote salt", keys.remoteSalt.count, profile.saltLength),
        ]
        for (name, actual, expected) in lengths where actual != expected {
            throw RTCError(.srtpFailure, "\(profile.rawValue) needs a \(expected)-byte \(name), got \(actual)")
        }
        sealer = try SRTPRTPSealer(profile: profile, masterKey: keys.localKey, masterSalt: keys.localSalt)
        outbound = try SRTPContext(profile: profile, key: keys.localKey, salt: keys.localSalt, direction: .outbound)
        inbound = try SRTPContext(profile: profile, key: keys.remoteKey, salt: keys.remoteSalt, direction: .inbound)
    }

    /// Encrypts and authenticates an RTP packet. Protecting a packet again (a NACK retransmission) is allowed while
    /// its sequence number is within the last 1024 sent; older ones fail as replays.
    public func protectRTP(_ packet: [UInt8]) throws(RTCError) -> [UInt8] {
        try transform(packet, padding: Self.trailerCapacity) { (bytes, output) throws(RTCError) in
            try protectRTP(bytes, into: &output)
        }
    }

    /// Protects `packet` into `output`, reusing its storage: no allocation when `output` already has the capacity.
    public func protectRTP(_ packet: UnsafeRawBufferPointer, into output: inout [UInt8]) throws(RTCError) {
        try Self.checkLength(packet, atLeast: Self.rtpHeaderLength, "RTP")
        try InPlacePacket.transform(packet, into: &output, padding: sealer.tagLength) {
            (bytes, length) throws(RTCError) in try sealer.seal(bytes, length: length)
        }
    }

    /// The most bytes protecting an RTP packet may add after it: the spare room `protectRTP(inPlace:length:)` needs.
    public static let maximumRTPExpansion = trailerCapacity

    /// Protects the `length`-byte RTP packet at the start of `buffer` where it lies and returns its protected length.
    /// `buffer` must have `maximumRTPExpansion` spare bytes after the packet. The fan-out path protects straight into
    /// the socket's send buffer this way, with no copy.
    public func protectRTP(inPlace buffer: UnsafeMutableRawBufferPointer, length: Int) throws(RTCError) -> Int {
        guard length >= Self.rtpHeaderLength else {
            throw RTCError(.malformedPacket, "RTP packet of \(length) bytes is shorter than its header")
        }
        guard buffer.count >= length + Self.trailerCapacity else {
            throw RTCError(
                .malformedPacket,
                "srtp_protect needs \(Self.trailerCapacity) spare bytes after a \(length)-byte packet, the buffer holds \(buffer.count)"
            )
        }
        return try sealer.seal(buffer, length: length)
    }

    /// Protects an RTP packet with libsrtp2's own sender instead of `SRTPRTPSealer`: the reference the sealer is
    /// tested against, byte for byte. Its packet index is tracked apart from the sealer's.
    func protectRTPWithLibSRTP(_ packet: [UInt8]) throws(RTCError) -> [UInt8] {
        try transform(packet, padding: Self.trailerCapacity) { (bytes, output) throws(RTCError) in
            try Self.checkLength(bytes, atLeast: Self.rtpHeaderLength, "RTP")
            try outbound.apply(
                { srtp_protect($0, $1, $2) }, named: "srtp_protect", to: bytes, into: &output,
                padding: Self.trailerCapacity
            )
        }
    }

    /// Encrypts and authenticates an RTCP compound packet.
    public func protectRTCP(_ packet: [UInt8]) throws(RTCError) -> [UInt8] {
        try transform(packet, padding: Self.trailerCapacity) { (bytes, output) throws(RTCError) in
            try Self.checkLength(bytes, atLeast: Self.rtcpHeaderLength, "RTCP")
            try outbound.apply(
                { srtp_protect_rtcp($0, $1, $2) }, named: "srtp_protect_rtcp", to: bytes, into: &output,
                padding: Self.trailerCapacity
            )
        }
    }

    /// Authenticates, replay-checks and decrypts an SRTP packet from the peer.
    public func unprotectRTP(_ packet: [UInt8]) throws(RTCError) -> [UInt8] {
        try transform(packet, padding: 0) { (bytes, output) throws(RTCError) in
            try Self.checkLength(bytes, atLeast: Self.rtpHeaderLength, "SRTP")
            try inbound.apply(
                { srtp_unprotect($0, $1, $2) }, named: "srtp_unprotect", to: bytes, into: &output, padding: 0
            )
        }
    }

    /// Authenticates, replay-checks and decrypts an SRTCP packet from the peer.
    public func unprotectRTCP(_ packet: [UInt8]) throws(RTCError) -> [UInt8] {
        try transform(packet, padding: 0) { (bytes, output) throws(RTCError) in
            try Self.checkLength(bytes, atLeast: Self.rtcpHeaderLength, "SRTCP")
            try inbound.apply(
                { srtp_unprotect_rtcp($0, $1, $2) }, named: "srtp_unprotect_rtcp", to: bytes, into: &output,
                padding: 0
            )
        }
    }

    private static func checkLength(_ packet: UnsafeRawBufferPointer, atLeast minimum: Int, _ kind: String)
        throws(RTCError)
    {
        guard packet.count >= minimum else {
            throw RTCError(.malformedPacket, "\(kind) packet of \(packet.count) bytes is shorter than its header")
        }
    }

    /// Runs `body` on `packet`'s bytes with a fresh output array sized for the result.
    private func transform(
        _ packet: [UInt8],
        padding: Int,
        _ body: (UnsafeRawBufferPointer, inout [UInt8]) throws(RTCError) -> Void
    ) throws(RTCError) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(packet.count + padding)
        let result = packet.withUnsafeBytes { bytes in
            Result { () throws(RTCError) in try body(bytes, &output) }
        }
        try result.get()
        return output
    }
}
