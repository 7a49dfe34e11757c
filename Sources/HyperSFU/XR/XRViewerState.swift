import HyperRTC

/// What the media loop keeps for one XR viewer: its SCTP association and `pose` channel or pose WebSocket, where
/// accepted poses go, the viewer's message rate, and the figures it and the server measured. Lives on the media event
/// loop.
final class XRViewerState {
    /// Messages a second a viewer may send: a pose per frame at up to 120 Hz, twice over, plus reports.
    static let maximumMessagesPerSecond = 240
    /// Client-reported figures kept for the viewer's summary.
    static let reportWindow = 64

    let inbox: XRPoseInbox
    let eyeWidth: Int
    let eyeHeight: Int
    let fovDegrees: Double
    var association: SCTPAssociation?
    /// The stream of the viewer's `pose` channel, once it opened it.
    var poseChannel: UInt16?
    /// The viewer's pose WebSocket, while one is open (at most one: a new one replaces it).
    var poseSocket: XRPoseSocket?
    /// Where the viewer's last accepted pose came from; its frame timings go back the same way.
    var poseTransport = XRPoseTransport.dataChannel
    var posesReceived = 0
    var messagesDropped: [XRMessage.Rejection: Int] = [:]
    var reportsReceived = 0
    var lastReport: XRClientReport?
    var motionToPhotonMilliseconds: [Double] = []
    var poseToWireMilliseconds: [Double] = []
    var repeatedFrames = 0
    var timingsSent = 0
    /// Frame timings the pose WebSocket's full queue dropped (the oldest first): its client does not read them.
    var timingsDropped = 0
    private var windowStart = 0.0
    private var windowCount = 0

    init(inbox: XRPoseInbox, request: XRViewerRequest) {
        self.inbox = inbox
        eyeWidth = request.eyeWidth
        eyeHeight = request.eyeHeight
        fovDegrees = request.fovDegrees
    }

    /// Counts one message against the viewer's rate; false when it is over (the message is dropped).
    func admit(now: Double) -> Bool {
        if now - windowStart >= 1 {
            windowStart = now
            windowCount = 0
        }
        windowCount += 1
        return windowCount <= Self.maximumMessagesPerSecond
    }

    func record(_ report: XRClientReport) {
        reportsReceived += 1
        lastReport = report
        repeatedFrames += Int(report.repeatedFrames)
        Self.append(report.motionToPhotonMilliseconds, to: &motionToPhotonMilliseconds)
    }

    /// How far ahead to predict the viewer's head, ms: the median of its last reported motion-to-photon figures.
    var predictionHorizon: Double {
        let recent = motionToPhotonMilliseconds.suffix(8).sorted()
        return recent.isEmpty ? 0 : recent[recent.count / 2]
    }

    func recordPoseToWire(_ milliseconds: Double) {
        Self.append(milliseconds, to: &poseToWireMilliseconds)
    }

    private static func append(_ value: Double, to window: inout [Double]) {
        if window.count == reportWindow { window.removeFirst() }
        window.append(value)
    }
}
