import HyperGeometry
import HyperRender
import Testing

@testable import HyperSFU

/// The render takes the newest pose; its frames' RTP timestamps are the poses' sample times and only ever increase.
@Suite struct XRPoseInboxTests {
    @Test func newestPoseWinsAndOlderOnesAreDropped() throws {
        let inbox = XRPoseInbox()
        #expect(inbox.latest == nil)
        #expect(inbox.post(XRPose(id: 2, sampleTime: 200), uptimeNanoseconds: 1_000))
        #expect(!inbox.post(XRPose(id: 1, sampleTime: 100), uptimeNanoseconds: 2_000))
        let latest = try #require(inbox.latest)
        #expect(latest.poseID == 2 && latest.sampleTime == 200 && latest.receivedUptimeNanoseconds == 1_000)
    }

    @Test func projectionButtonCountsPresses() throws {
        let inbox = XRPoseInbox()
        for (index, buttons) in [0, 1, 1, 0, 1].enumerated() {
            inbox.post(
                XRPose(id: UInt32(index), sampleTime: Double(index + 1), buttons: UInt8(buttons)),
                uptimeNanoseconds: UInt64(index))
        }
        #expect(try #require(inbox.latest).projectionPresses == 2)
    }

    @Test func sticksTurnTheSceneForTheTimeTheyWereHeld() throws {
        let inbox = XRPoseInbox()
        inbox.post(XRPose(id: 1, sampleTime: 1, axes: SIMD3(1, 0, 0)), uptimeNanoseconds: 0)
        inbox.post(XRPose(id: 2, sampleTime: 2), uptimeNanoseconds: 100_000_000)
        let turned = try #require(inbox.latest).head.sceneRotation
        #expect(turned == Matrix4.rotation(in: .xw, by: XRPoseInbox.rotationSpeed * 0.1))
        inbox.post(XRPose(id: 3, sampleTime: 3), uptimeNanoseconds: 900_000_000)
        #expect(try #require(inbox.latest).head.sceneRotation == turned)
    }

    @Test func frameTimestampsFollowPosesAndNeverGoBack() throws {
        let inbox = XRPoseInbox()
        var poses = XRFramePoses()
        inbox.post(XRPose(id: 1, sampleTime: 1_000), uptimeNanoseconds: 0)
        let first = poses.stamp(for: try #require(inbox.latest), nowUptimeNanoseconds: 0)
        #expect(first.rtpTimestamp == 90_000 && first.poseID == 1)
        // No new pose 10 ms later: the sample time plus the server time since the pose arrived.
        let repeated = poses.stamp(for: try #require(inbox.latest), nowUptimeNanoseconds: 10_000_000)
        #expect(repeated.rtpTimestamp == 90_900 && repeated.poseID == 1)
        inbox.post(XRPose(id: 2, sampleTime: 1_011.1), uptimeNanoseconds: 11_000_000)
        let next = poses.stamp(for: try #require(inbox.latest), nowUptimeNanoseconds: 11_000_000)
        #expect(next.rtpTimestamp == 90_999 && next.poseID == 2)
        // A pose whose time falls behind what was sent (a client clock step) still moves forward.
        let behind = poses.stamp(for: try #require(inbox.latest), nowUptimeNanoseconds: 11_000_000)
        #expect(behind.rtpTimestamp == 91_000)
    }
}
