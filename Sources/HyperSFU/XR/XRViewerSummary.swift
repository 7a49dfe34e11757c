/// An XR viewer's figures as the control plane reports them: its render, its poses and what it and the server
/// measured (docs/xr.md).
public struct XRViewerSummary: Sendable, Equatable {
    public var eyeWidth: Int
    public var eyeHeight: Int
    public var fovDegrees: Double
    /// Whether the viewer's `pose` data channel is open.
    public var poseChannelOpen: Bool
    public var posesReceived: Int
    /// Messages dropped, by `XRMessage.Rejection` reason.
    public var messagesDropped: [String: Int]
    public var reportsReceived: Int
    public var framesTimed: Int
    /// Over the viewer's last reports: motion-to-photon on its clock, ms.
    public var motionToPhotonMilliseconds: [Double]
    /// Over its last frames: pose received → last packet on the wire, ms.
    public var poseToWireMilliseconds: [Double]
    public var residualRotationDegrees: Double?
    public var repeatedFrames: Int

    /// An XR viewer that has sent no pose yet, e.g. for a media service other than `MediaServer`.
    public init(request: XRViewerRequest) {
        eyeWidth = request.eyeWidth
        eyeHeight = request.eyeHeight
        fovDegrees = request.fovDegrees
        poseChannelOpen = false
        posesReceived = 0
        messagesDropped = [:]
        reportsReceived = 0
        framesTimed = 0
        motionToPhotonMilliseconds = []
        poseToWireMilliseconds = []
        residualRotationDegrees = nil
        repeatedFrames = 0
    }

    init(_ state: XRViewerState) {
        eyeWidth = state.eyeWidth
        eyeHeight = state.eyeHeight
        fovDegrees = state.fovDegrees
        poseChannelOpen = state.poseChannel != nil
        posesReceived = state.posesReceived
        messagesDropped = Dictionary(uniqueKeysWithValues: state.messagesDropped.map { ($0.key.rawValue, $0.value) })
        reportsReceived = state.reportsReceived
        framesTimed = state.timingsSent
        motionToPhotonMilliseconds = state.motionToPhotonMilliseconds
        poseToWireMilliseconds = state.poseToWireMilliseconds
        residualRotationDegrees = state.lastReport?.residualRotationDegrees
        repeatedFrames = state.repeatedFrames
    }
}
