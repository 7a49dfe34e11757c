/// What the server contributes to a WHEP answer: its transport identity, one host candidate and its media.
public struct AnswerConfiguration: Sendable {
    public var ice: ICECredentials
    /// The fingerprint of the server's DTLS certificate.
    public var fingerprint: SDPFingerprint
    /// Our UDP host candidate, also the answer's connection address.
    public var candidate: RTCAddress
    /// Codecs the server can send, most preferred first.
    public var videoCodecs: [VideoCodecName]
    public var videoSSRC: UInt32
    public var audioSSRC: UInt32
    /// The RTCP CNAME of both tracks.
    public var cname: String
    /// The `msid` stream identifier both tracks belong to.
    public var streamID: String
    /// The `o=` session ID; random unless a test needs it fixed.
    public var sessionID: UInt64
    /// Whether to accept transport-cc when offered. Only for a sender that writes transport-wide sequence numbers,
    /// which ours does not yet: accepting it would make browsers stop sending REMB and wait for packets to give
    /// feedback on that never come, leaving the viewer's estimate without a delay-based signal.
    public var acceptsTransportCC = false

    public init(
        ice: ICECredentials, fingerprint: SDPFingerprint, candidate: RTCAddress, videoCodecs: [VideoCodecName] = [.vp8],
        videoSSRC: UInt32, audioSSRC: UInt32, cname: String, streamID: String,
        sessionID: UInt64 = UInt64.random(in: 1...UInt64(Int64.max))
    ) {
        self.ice = ice
        self.fingerprint = fingerprint
        self.candidate = candidate
        self.videoCodecs = videoCodecs
        self.videoSSRC = videoSSRC
        self.audioSSRC = audioSSRC
        self.cname = cname
        self.streamID = streamID
        self.sessionID = sessionID
    }

    /// The `msid` track identifier of the video track.
    public var videoTrackID: String { "\(streamID)-video" }
    /// The `msid` track identifier of the audio track.
    public var audioTrackID: String { "\(streamID)-audio" }
}
