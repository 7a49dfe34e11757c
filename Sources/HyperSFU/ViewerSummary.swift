import HyperRTC

/// A viewer as the control plane reports it.
public struct ViewerSummary: Sendable, Equatable {
    public var id: String
    public var etag: String
    /// The subject of the principal that created the WHEP resource; nil when viewing is open.
    public var owner: String?
    /// The viewer's ICE username fragment from its offer; a PATCH carrying another one is an ICE restart.
    public var remoteUfrag: String
    public var state: String
    public var packetsSent: Int
    public var packetsDropped: Int
    public var nacksReceived: Int
    public var retransmitted: Int
    /// NACKed packets not resent: asked for again within 100 ms, or over the viewer's retransmission budget.
    public var retransmissionsRefused: Int
    public var keyframeRequests: Int
    public var estimatedBitrate: Int
    /// The highest temporal layer the viewer is sent; nil for all of them.
    public var maximumTemporalLayer: Int?
    public var layerSwitches: Int
    /// Frames not sent to this viewer because their layer was above its maximum.
    public var framesSkipped: Int
    /// For an XR viewer, its poses and latency figures.
    public var xr: XRViewerSummary?

    /// A viewer that has sent and received nothing yet, e.g. for a media service other than `MediaServer`.
    public init(
        id: String, etag: String, owner: String?, remoteUfrag: String, state: String, xr: XRViewerSummary? = nil
    ) {
        self.id = id
        self.etag = etag
        self.owner = owner
        self.remoteUfrag = remoteUfrag
        self.state = state
        packetsSent = 0
        packetsDropped = 0
        nacksReceived = 0
        retransmitted = 0
        retransmissionsRefused = 0
        keyframeRequests = 0
        estimatedBitrate = 0
        layerSwitches = 0
        framesSkipped = 0
        self.xr = xr
    }

    init(_ viewer: Viewer) {
        id = viewer.id
        etag = viewer.etag
        owner = viewer.owner
        remoteUfrag = viewer.remoteICE.ufrag
        state = viewer.state.rawValue
        packetsSent = Int(viewer.packetsSent)
        packetsDropped = viewer.packetsDropped
        nacksReceived = viewer.nacksReceived
        retransmitted = viewer.retransmitted
        retransmissionsRefused = viewer.retransmissionsRefused
        keyframeRequests = viewer.keyframeRequests
        estimatedBitrate = viewer.estimator.estimate
        maximumTemporalLayer = viewer.layers.heldToBase ? 0 : nil
        layerSwitches = viewer.layerSwitches
        framesSkipped = viewer.framesSkipped
        xr = viewer.xr.map(XRViewerSummary.init)
    }
}
