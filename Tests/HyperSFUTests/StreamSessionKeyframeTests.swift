import Foundation
import HyperMedia
import HyperRender
import HyperSFU
import HyperScene
import Logging
import Synchronization
import Testing

/// A keyframe request wakes the render thread, so a joining viewer gets its keyframe without waiting for the next
/// frame slot; requests that keep coming do not run the stream ahead of its frame rate.
@Suite struct StreamSessionKeyframeTests {
    struct Delivered: Sendable {
        var at: ContinuousClock.Instant
        var isKeyframe: Bool
        var pts: Int64
    }

    @Test func keyframeRequestRendersTheNextSlotAtOnceButNotTwiceASecond() async throws {
        let scene = try SceneCatalog.locate().scene(named: "tesseract")
        // Two seconds between slots: anything that arrives well before that was rendered early.
        let settings = SessionSettings(
            sceneName: "tesseract", scene: scene, width: 160, height: 96, framesPerSecond: 0.5)
        let session = StreamSession(id: "keyframe-test", settings: settings, logger: Logger(label: "test"))
        let frames = Mutex<[Delivered]>([])
        session.start(device: .preferred) { frame, _ in
            frames.withLock {
                $0.append(Delivered(at: ContinuousClock.now, isKeyframe: frame.isKeyframe, pts: frame.pts))
            }
        }
        defer { session.stop() }
        func waitForFrames(_ count: Int) async throws -> [Delivered] {
            let deadline = ContinuousClock.now + .seconds(60)
            while ContinuousClock.now < deadline {
                let delivered = frames.withLock { $0 }
                if delivered.count >= count { return delivered }
                try await Task.sleep(for: .milliseconds(10))
            }
            Issue.record("fewer than \(count) frames within 60 s")
            return frames.withLock { $0 }
        }
        let first = try await waitForFrames(1)
        session.requestKeyframe()
        let second = try await waitForFrames(2)
        session.requestKeyframe()
        let third = try await waitForFrames(3)
        try #require(first.count >= 1 && second.count >= 2 && third.count >= 3)
        #expect(third[1].isKeyframe, "the requested keyframe")
        #expect(third[1].at - third[0].at < .milliseconds(1500), "rendered ahead of its slot, 2 s after the first")
        #expect(third[2].isKeyframe, "the second request is honoured at the next slot")
        #expect(third[2].at - third[1].at > .milliseconds(1000), "no second early frame within a second")
        #expect(third[0].pts < third[1].pts && third[1].pts < third[2].pts)
    }
}
