/// What the server contributes to a WHEP answer: its transport identity, its host candidates and its media.
public struct AnswerConfiguration: Sendable {
    public var ice: ICECredentials
    /// The fingerprint of the server's DTLS certificate.
    public var fingerprint: SDPFingerprint
    /// Our UDP host candidates, most preferred first (never empty); the first is also the connection address.
    public var candidates: [RTCAddress]
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
    /// Whether to accept a data channel (`m=application … UDP/DTLS/SCTP webrtc-datachannel`) bundled with the video:
    /// only XR viewers, whose poses it carries, get one.
    public var acceptsDataChannel = false
    /// Whether to accept the playout-delay header extension when the video offers it, for a stream whose frames
    /// should be shown as soon as they decode (XR viewers): Chromium otherwise holds each frame for its render delay.
    public var acceptsPlayoutDelay = false

    public init(
        ice: ICECredentials, fingerprint: SDPFingerprint, candidates: [RTCAddress],
        videoCodecs: [VideoCodecName] = [.vp8],
        videoSSRC: UInt32, audioSSRC: UInt32, cname: String, streamID: String,
        sessionID: UInt64 = UInt64.random(in: 1...UInt64(Int64.max))
    ) {
        self.ice = ice
        self.fingerprint = fingerprint
        precondition(!candidates.isEmpty, "an answer needs at least one candidate")
        self.candidates = candidates
        self.videoCodecs = videoCodecs
        self.videoSSRC = videoSSRC
        self.audioSSRC = audioSSRC
        self.cname = cname
        self.streamID = streamID
        self.sessionID = sessionID
    }

    /// The address of the answer's `c=` line and the port of its m= lines: the first candidate.
    public var connectionAddress: RTCAddress { candidates[0] }

    /// The `msid` track identifier of the video track.
    public var videoTrackID: String { "\(streamID)-video" }
    /// The `msid` track identifier of the audio track.
    public var audioTrackID: String { "\(streamID)-audio" }
}
