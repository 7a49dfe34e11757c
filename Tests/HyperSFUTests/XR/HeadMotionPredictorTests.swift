import Foundation
import HyperRender
import Testing

@testable import HyperSFU

/// The head is predicted forward along its measured motion, and never along a step no head makes.
@Suite struct HeadMotionPredictorTests {
    static func yaw(_ radians: Double) -> SIMD4<Double> {
        SIMD4(0, sin(radians / 2), 0, cos(radians / 2))
    }

    static func yawOf(_ q: SIMD4<Double>) -> Double {
        2 * atan2(q.y, q.w)
    }

    @Test func aTurningHeadIsPredictedAlongItsTurn() {
        // 1 rad/s about the vertical axis, poses 10 ms apart, predicted 50 ms ahead.
        let previous = XRPose(id: 1, sampleTime: 1000, orientation: Self.yaw(0.20))
        let latest = XRPose(id: 2, sampleTime: 1010, orientation: Self.yaw(0.21))
        let predicted = HeadMotionPredictor.predict(latest: latest, previous: previous, horizon: 50)
        #expect(abs(Self.yawOf(predicted.orientation) - 0.26) < 1e-6)
    }

    @Test func aWalkingHeadIsPredictedAlongItsPath() {
        let previous = XRPose(id: 1, sampleTime: 1000, position: SIMD3(0, 1.6, 0))
        let latest = XRPose(id: 2, sampleTime: 1020, position: SIMD3(0.02, 1.6, 0))
        let predicted = HeadMotionPredictor.predict(latest: latest, previous: previous, horizon: 40)
        #expect(abs(predicted.position.x - 0.06) < 1e-9 && predicted.position.y == 1.6)
    }

    @Test func stepsNoHeadMakesAndLongHorizonsAreNotFollowed() {
        let still = XRPose(id: 1, sampleTime: 1000)
        // A 20° jump in 11 ms (a test's or a recentre's step): not a turn to follow.
        let jumped = XRPose(id: 2, sampleTime: 1011, orientation: Self.yaw(20 * .pi / 180))
        #expect(
            HeadMotionPredictor.predict(latest: jumped, previous: still, horizon: 50).orientation == jumped.orientation)
        // Poses too far apart to take a velocity from.
        let late = XRPose(id: 2, sampleTime: 1500, orientation: Self.yaw(0.1))
        #expect(HeadMotionPredictor.predict(latest: late, previous: still, horizon: 50).orientation == late.orientation)
        // No horizon, no prediction.
        let turning = XRPose(id: 2, sampleTime: 1010, orientation: Self.yaw(0.05))
        #expect(
            HeadMotionPredictor.predict(latest: turning, previous: still, horizon: 0).orientation == turning.orientation
        )
        // A fast turn over a long horizon is held to the largest turn.
        let fast = HeadMotionPredictor.predict(latest: turning, previous: still, horizon: 150)
        #expect(abs(Self.yawOf(fast.orientation) - (0.05 + HeadMotionPredictor.maximumTurn)) < 1e-6)
    }

    @Test func theInboxPredictsByTheViewersReportedLatency() throws {
        let inbox = XRPoseInbox()
        inbox.post(XRPose(id: 1, sampleTime: 1000, orientation: Self.yaw(0.20)), uptimeNanoseconds: 0)
        inbox.post(XRPose(id: 2, sampleTime: 1010, orientation: Self.yaw(0.21)), uptimeNanoseconds: 10_000_000)
        #expect(try #require(inbox.latest).head.orientation == Self.yaw(0.21))
        inbox.predict(ahead: 50)
        let sample = try #require(inbox.latest)
        #expect(abs(Self.yawOf(sample.head.orientation) - 0.26) < 1e-6)
        #expect(sample.sampleTime == 1010, "the frame still carries its pose's own time")
        inbox.predict(ahead: 10_000)
        #expect(abs(Self.yawOf(try #require(inbox.latest).head.orientation) - 0.36) < 1e-6)
    }
}
