/// The outcome of answering a WHEP offer: the viewer's transport identity and the tracks to send it.
public struct NegotiatedSession: Equatable, Sendable {
    /// The viewer's ICE credentials, for `ICELiteAgent(local:remote:)`.
    public var remoteICE: ICECredentials
    /// The viewer's certificate fingerprint, to check its DTLS certificate against.
    public var remoteFingerprint: SDPFingerprint
    public var video: NegotiatedTrack
    public var audio: NegotiatedTrack?
    /// Whether the accepted m-sections share one transport through BUNDLE.
    public var bundled: Bool
    /// The data channel, when the offer had one bundled with the video and the answer was allowed to accept it.
    public var dataChannel: NegotiatedDataChannel?

    public init(
        remoteICE: ICECredentials, remoteFingerprint: SDPFingerprint, video: NegotiatedTrack,
        audio: NegotiatedTrack? = nil, bundled: Bool, dataChannel: NegotiatedDataChannel? = nil
    ) {
        self.remoteICE = remoteICE
        self.remoteFingerprint = remoteFingerprint
        self.video = video
        self.audio = audio
        self.bundled = bundled
        self.dataChannel = dataChannel
    }
}
