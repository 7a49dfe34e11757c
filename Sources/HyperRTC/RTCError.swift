/// Why a WebRTC message, handshake or packet was rejected, with the detail a log reader or client needs.
public struct RTCError: Error, CustomStringConvertible, Equatable {
    public enum Code: Sendable, Equatable {
        /// A STUN, RTP or RTCP packet is truncated or inconsistent.
        case malformedPacket
        /// An SDP offer could not be parsed.
        case malformedSDP
        /// An SDP offer has more lines, m= sections, attributes or BUNDLE tags than `SDPLimits` allows.
        case sdpTooLarge
        /// The offer is well formed but asks for something this server does not do.
        case unsupportedOffer
        /// The offer and this server share no video codec.
        case noCommonCodec
        /// A STUN MESSAGE-INTEGRITY or FINGERPRINT did not verify.
        case integrityCheckFailed
        /// The DTLS handshake failed.
        case dtlsFailure
        /// The peer's certificate does not match the fingerprint in its SDP.
        case fingerprintMismatch
        /// libsrtp2 refused to protect or unprotect a packet.
        case srtpFailure
        /// Key generation or another cryptographic call failed.
        case cryptoFailure
        /// An SCTP send was refused: no association, no such data channel, or the channel is closing.
        case sctpFailure
        /// A data channel message is larger than the negotiated maximum message size.
        case messageTooLarge
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
