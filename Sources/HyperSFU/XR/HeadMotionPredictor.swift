import Foundation

/// Predicts where a head will be when the frame drawn for its newest pose is shown: its angular and linear velocity
/// from the last two poses, held for the `horizon` (the viewer's measured motion-to-photon). A step no head makes — a
/// turn faster than `maximumAngularSpeed`, a jump faster than `maximumSpeed`, or poses too close or far apart in time
/// to tell a velocity from — predicts nothing, and no prediction turns the head by more than `maximumTurn` or moves it
/// by more than `maximumShift`.
struct HeadMotionPredictor {
    /// Radians per second: about 570°/s, faster than heads turn.
    static let maximumAngularSpeed = 10.0
    /// Metres per second.
    static let maximumSpeed = 3.0
    static let maximumTurn = 0.35
    static let maximumShift = 0.2
    /// Milliseconds between the two poses for a velocity to be taken from them.
    static let usableInterval = 2.0...100.0

    /// The head of `latest`, predicted `horizon` milliseconds ahead from its motion since `previous`.
    static func predict(
        latest: XRPose, previous: XRPose?, horizon: Double
    ) -> (position: SIMD3<Double>, orientation: SIMD4<Double>) {
        let unchanged = (latest.position, latest.orientation)
        guard let previous, horizon > 0 else { return unchanged }
        let interval = latest.sampleTime - previous.sampleTime
        guard usableInterval.contains(interval) else { return unchanged }
        let seconds = interval / 1000
        let ahead = horizon / 1000
        // Rotation from the previous orientation to the latest, as axis × angle.
        let q0 = normalized(previous.orientation)
        let q1 = normalized(latest.orientation)
        var delta = multiply(q1, conjugate(q0))
        if delta.w < 0 { delta = -delta }
        let half = acos(min(delta.w, 1))
        let angle = 2 * half
        var orientation = q1
        if angle > 1e-9 {
            let speed = angle / seconds
            guard speed <= maximumAngularSpeed else { return unchanged }
            let axis = SIMD3(delta.x, delta.y, delta.z) / sin(half)
            let turn = min(speed * ahead, maximumTurn)
            let step = SIMD4(axis * sin(turn / 2), cos(turn / 2))
            orientation = normalized(multiply(step, q1))
        }
        let velocity = (latest.position - previous.position) / seconds
        let speed = (velocity * velocity).sum().squareRoot()
        guard speed <= maximumSpeed else { return (latest.position, orientation) }
        var shift = velocity * ahead
        let length = (shift * shift).sum().squareRoot()
        if length > maximumShift { shift *= maximumShift / length }
        return (latest.position + shift, orientation)
    }

    private static func normalized(_ q: SIMD4<Double>) -> SIMD4<Double> {
        let length = (q * q).sum().squareRoot()
        return length > 1e-9 ? q / length : SIMD4(0, 0, 0, 1)
    }

    private static func conjugate(_ q: SIMD4<Double>) -> SIMD4<Double> {
        SIMD4(-q.x, -q.y, -q.z, q.w)
    }

    /// The Hamilton product `a · b` (apply `b`, then `a`), quaternions as (x, y, z, w).
    private static func multiply(_ a: SIMD4<Double>, _ b: SIMD4<Double>) -> SIMD4<Double> {
        SIMD4(
            a.w * b.x + a.x * b.w + a.y * b.z - a.z * b.y,
            a.w * b.y - a.x * b.z + a.y * b.w + a.z * b.x,
            a.w * b.z + a.x * b.y - a.y * b.x + a.z * b.w,
            a.w * b.w - a.x * b.x - a.y * b.y - a.z * b.z)
    }
}
