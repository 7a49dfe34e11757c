/// One accepted m-section as the media path needs it: payload type, codec, SSRC and the feedback both sides agreed.
public struct NegotiatedTrack: Equatable, Sendable {
    public var mid: String
    public var payloadType: Int
    /// `VP8`, `VP9` or `opus`.
    public var codec: String
    public var clockRate: Int
    /// Our SSRC for the track.
    public var ssrc: UInt32
    /// `sendonly`, or `inactive` when the viewer did not ask to receive.
    public var direction: SDPDirection
    public var nack: Bool
    public var pli: Bool
    public var fir: Bool
    public var remb: Bool
    /// Transport-wide congestion control feedback, negotiated with its header extension.
    public var transportCC: Bool
    /// The `a=extmap` ID of the transport-wide sequence number extension, when `transportCC` is on.
    public var transportCCExtensionID: Int?
    /// The `a=extmap` ID of the playout-delay extension, when the answer took it (XR viewers): every packet then asks
    /// the receiver to play frames out at once (`PlayoutDelay.immediate`).
    public var playoutDelayExtensionID: Int?

    public init(
        mid: String, payloadType: Int, codec: String, clockRate: Int, ssrc: UInt32, direction: SDPDirection = .sendonly,
        nack: Bool = false, pli: Bool = false, fir: Bool = false, remb: Bool = false, transportCC: Bool = false,
        transportCCExtensionID: Int? = nil
    ) {
        self.mid = mid
        self.payloadType = payloadType
        self.codec = codec
        self.clockRate = clockRate
        self.ssrc = ssrc
        self.direction = direction
        self.nack = nack
        self.pli = pli
        self.fir = fir
        self.remb = remb
        self.transportCC = transportCC
        self.transportCCExtensionID = transportCCExtensionID
    }
}
