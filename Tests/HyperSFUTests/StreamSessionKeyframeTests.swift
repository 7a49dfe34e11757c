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
        // Four seconds between slots: a keyframe that arrives well before that was rendered early.
        let settings = SessionSettings(
            sceneName: "tesseract", scene: scene, width: 160, height: 96, framesPerSecond: 0.25)
        let session = StreamSession(id: "keyframe-test", settings: settings, logger: Logger(label: "test"))
        let frames = Mutex<[Delivered]>([])
        session.start(device: .preferred) { frame, _ in
            frames.withLock {
                $0.append(Delivered(at: ContinuousClock.now, isKeyframe: frame.isKeyframe, pts: frame.pts))
            }
        }
        defer { session.stop() }
        func waitForFrames(_ count: Int) async throws -> [Delivered] {
            let deadline = ContinuousClock.now + .seconds(300)
            while ContinuousClock.now < deadline {
                let delivered = frames.withLock { $0 }
                if delivered.count >= count { return delivered }
                try await Task.sleep(for: .milliseconds(10))
            }
            Issue.record("fewer than \(count) frames within 300 s")
            return frames.withLock { $0 }
        }
        // The first keyframe delivered after `requested`, waiting for it as long as a busy machine needs.
        func keyframe(after requested: ContinuousClock.Instant) async throws -> Delivered? {
            let deadline = ContinuousClock.now + .seconds(300)
            while ContinuousClock.now < deadline {
                if let found = frames.withLock({ $0.first { $0.at > requested && $0.isKeyframe } }) { return found }
                try await Task.sleep(for: .milliseconds(10))
            }
            return nil
        }
        _ = try await waitForFrames(1)
        let firstRequest = ContinuousClock.now
        session.requestKeyframe()
        let early = try #require(try await keyframe(after: firstRequest), "no keyframe after the first request")
        // Slots are 4 s apart: without the wake-up the keyframe would wait for the next one.
        #expect(early.at - firstRequest < .seconds(3), "keyframe \(early.at - firstRequest) after the request")
        let secondRequest = ContinuousClock.now
        session.requestKeyframe()
        let next = try #require(try await keyframe(after: secondRequest), "no keyframe after the second request")
        #expect(next.at - early.at > .seconds(1), "a second early frame within a second of the first")
        let delivered = frames.withLock { $0 }
        #expect(zip(delivered, delivered.dropFirst()).allSatisfy { $0.pts < $1.pts }, "timestamps increase")
    }
}
