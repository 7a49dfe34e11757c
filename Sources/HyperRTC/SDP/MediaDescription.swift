/// One m-section of a session description with the attributes WebRTC negotiation reads decoded.
///
/// Session-level ICE credentials, fingerprint, setup role and direction are already inherited when parsed.
public struct MediaDescription: Equatable, Sendable {
    /// `video`, `audio` or `application`.
    public var kind: String
    /// 0 marks a rejected or disabled m-section.
    public var port: Int
    /// Such as `UDP/TLS/RTP/SAVPF` or `UDP/DTLS/SCTP`.
    public var proto: String
    /// RTP payload types, or `webrtc-datachannel` for a data channel.
    public var formats: [String]
    public var mid: String?
    public var direction: SDPDirection
    public var rtpMaps: [Int: RTPMap]
    /// The `a=fmtp` parameters of each payload type, as written.
    public var formatParameters: [Int: String]
    /// The `a=rtcp-fb` values of each payload type, such as `nack pli`; the wildcard `*` is key -1.
    public var feedback: [Int: [String]]
    public var iceUfrag: String?
    public var icePassword: String?
    /// The preferred fingerprint: the first sha-256 one if any, else the first (others stay in `attributes`).
    public var fingerprint: SDPFingerprint?
    /// `actpass`, `active`, `passive` or `holdconn`.
    public var setup: String?
    public var rtcpMux: Bool
    /// Whether `a=rtcp-rsize` (reduced-size RTCP, RFC 5506) is present.
    public var rtcpReducedSize: Bool
    public var candidates: [SDPCandidate]
    /// `a=extmap` header extension IDs and their URIs.
    public var extensions: [Int: String]
    /// Every other `a=` line, in order.
    public var attributes: [SDPAttribute]

    public init(kind: String, port: Int, proto: String, formats: [String]) {
        self.kind = kind
        self.port = port
        self.proto = proto
        self.formats = formats
        direction = .sendrecv
        rtpMaps = [:]
        formatParameters = [:]
        feedback = [:]
        rtcpMux = false
        rtcpReducedSize = false
        candidates = []
        extensions = [:]
        attributes = []
    }

    /// The ICE ufrag and password, when both are present.
    public var iceCredentials: ICECredentials? {
        get {
            guard let iceUfrag, let icePassword else { return nil }
            return ICECredentials(ufrag: iceUfrag, password: icePassword)
        }
        set {
            iceUfrag = newValue?.ufrag
            icePassword = newValue?.password
        }
    }

    /// The feedback types offered for one payload type, its own and the wildcard ones.
    public func feedback(forPayloadType payloadType: Int) -> [String] {
        (feedback[payloadType] ?? []) + (feedback[-1] ?? [])
    }
}
