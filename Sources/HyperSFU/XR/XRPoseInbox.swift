import HyperGeometry
public import HyperRender
import Synchronization

/// Where an XR viewer's poses meet its render: the media loop posts each accepted pose, the render thread takes the
/// newest one per frame (older ones are simply overtaken, never queued) and turns the scene by the controller's
/// rotation speeds for the time that passed.
public final class XRPoseInbox: Sendable {
    /// Radians per second at full stick deflection.
    static let rotationSpeed = 1.5

    /// A pose as the render thread uses it: the head, and how it maps back to the viewer's pose and clock.
    public struct Sample: Sendable {
        public var head: HeadPose
        public var poseID: UInt32
        /// The pose's sample time on the viewer's clock, ms.
        public var sampleTime: Double
        /// When the server received it, `NIODeadline` uptime nanoseconds.
        public var receivedUptimeNanoseconds: UInt64
        /// Presses of the projection button so far (rising edges of button bit 0).
        public var projectionPresses: Int
    }

    private struct State {
        var latest: XRPose?
        var previous: XRPose?
        /// How far ahead to predict the head, ms: the viewer's motion-to-photon; 0 until it reports one.
        var horizon = 0.0
        var receivedAt: UInt64 = 0
        var sceneRotation = Matrix4.identity
        var projectionPresses = 0
        var buttons: UInt8 = 0
        var posesReceived = 0
    }

    private let state = Mutex(State())
    /// Called after each pose taken: wakes the render thread, which renders a frame due soon at once instead of at its
    /// slot, so a pose waits for the render as little as the frame rate allows.
    private let listener = Mutex<(@Sendable () -> Void)?>(nil)

    public init() {}

    func onPose(_ wake: @escaping @Sendable () -> Void) {
        listener.withLock { $0 = wake }
    }

    /// Takes a pose received at `uptimeNanoseconds`; one older than the newest is dropped (the channel is unordered).
    /// Returns whether it was taken.
    @discardableResult
    public func post(_ pose: XRPose, uptimeNanoseconds: UInt64) -> Bool {
        let taken = state.withLock { state in
            if let latest = state.latest, pose.sampleTime <= latest.sampleTime { return false }
            if let latest = state.latest {
                // The stick's speeds held from the previous pose until this one.
                let seconds = Double(uptimeNanoseconds &- state.receivedAt) / 1e9
                state.sceneRotation = Self.turn(state.sceneRotation, axes: latest.axes, seconds: min(seconds, 0.25))
            }
            if pose.buttons & 1 != 0, state.buttons & 1 == 0 { state.projectionPresses += 1 }
            state.buttons = pose.buttons
            state.previous = state.latest
            state.latest = pose
            state.receivedAt = uptimeNanoseconds
            state.posesReceived += 1
            return true
        }
        if taken { listener.withLock { $0 }?() }
        return taken
    }

    /// Predicts heads this far ahead (ms, at most `maximumHorizon`) from now on: the viewer's motion-to-photon.
    func predict(ahead milliseconds: Double) {
        state.withLock { $0.horizon = min(max(milliseconds, 0), Self.maximumHorizon) }
    }

    /// The longest prediction: beyond it a guess of where a head will be is worse than where it was.
    static let maximumHorizon = 150.0

    /// The newest pose, its head predicted to when its frame will be shown (`predict(ahead:)`); nil before the first.
    public var latest: Sample? {
        state.withLock { state in
            guard let pose = state.latest else { return nil }
            let predicted = HeadMotionPredictor.predict(latest: pose, previous: state.previous, horizon: state.horizon)
            let head = HeadPose(
                position: predicted.position, orientation: predicted.orientation, eyeSeparation: pose.eyeSeparation,
                sceneRotation: state.sceneRotation)
            return Sample(
                head: head, poseID: pose.id, sampleTime: pose.sampleTime,
                receivedUptimeNanoseconds: state.receivedAt, projectionPresses: state.projectionPresses)
        }
    }

    var posesReceived: Int {
        state.withLock { $0.posesReceived }
    }

    private static func turn(_ rotation: Matrix4, axes: SIMD3<Double>, seconds: Double) -> Matrix4 {
        let planes: [RotationPlane] = [.xw, .yw, .zw]
        return zip(planes, [axes.x, axes.y, axes.z]).reduce(rotation) { rotation, turn in
            turn.1 == 0 ? rotation : Matrix4.rotation(in: turn.0, by: turn.1 * rotationSpeed * seconds) * rotation
        }
    }
}
