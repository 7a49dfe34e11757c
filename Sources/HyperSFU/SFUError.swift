public import HyperRTC

/// Why the SFU refused a viewer or a session request; the control plane maps codes to HTTP statuses.
public struct SFUError: Error, CustomStringConvertible, Equatable {
    public enum Code: Sendable, Equatable {
        /// No session with that id.
        case unknownSession
        /// No viewer with that id in the session.
        case unknownViewer
        /// The session is full or the server is shutting down.
        case overloaded
        /// The client already has as many viewers still connecting as it may.
        case tooManyPending
        /// A conditional request's `If-Match` does not match the resource's current ETag.
        case preconditionFailed
        /// The offer could not be answered (bad SDP, no common codec, unsupported setup).
        case badOffer
        /// The GPU, encoder or socket failed.
        case internalFailure
        /// A relay's upstream (the node that renders the session) is not a usable WHEP URL.
        case badUpstream
    }

    public var code: Code
    public var message: String
    /// For `.badOffer`: whether the reason is a missing common codec (406) rather than a malformed offer (400).
    public var noCommonCodec: Bool

    public init(_ code: Code, _ message: String, noCommonCodec: Bool = false) {
        self.code = code
        self.message = message
        self.noCommonCodec = noCommonCodec
    }

    public var description: String { message }

    /// An offer that did not parse: too large, or malformed.
    public static func unparsableOffer(_ error: RTCError) -> SFUError {
        let reason = error.code == .sdpTooLarge ? "SDP offer too large" : "unparsable SDP offer"
        return SFUError(.badOffer, "\(reason): \(error.message)")
    }

    /// An offer that parsed but could not be answered: 406 when it has no codec in common with the session.
    public static func unanswerableOffer(_ error: RTCError) -> SFUError {
        SFUError(.badOffer, error.message, noCommonCodec: error.code == .noCommonCodec)
    }
}
