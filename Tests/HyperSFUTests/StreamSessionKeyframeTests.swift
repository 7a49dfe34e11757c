import Foundation
import HyperMedia
import HyperRender
import HyperSFU
import HyperScene
import Logging
import Synchronization
import Testing

/// A keyframe request wakes the render thread, so a joining viewer gets its keyframe without waiting for the next
/// frame slot; a flood of requests does not raise the frame rate.
@Suite struct StreamSessionKeyframeTests {
    struct Delivered: Sendable {
        var at: ContinuousClock.Instant
        var isKeyframe: Bool
        var pts: Int64
    }

    @Test func keyframeRequestRendersTheNextSlotAtOnceAndAFloodDoesNotRaiseTheRate() async throws {
        let scene = try SceneCatalog.locate().scene(named: "tesseract")
        // Four seconds between slots: a keyframe that arrives well before that was rendered early.
        let settings = SessionSettings(
            sceneName: "tesseract", scene: scene, width: 160, height: 96, framesPerSecond: 0.25)
        let session = StreamSession(id: "keyframe-test", settings: settings, logger: Logger(label: "test"))
        let frames = Mutex<[Delivered]>([])
        session.start(device: SharedVulkanDevice()) { frame, _ in
            frames.withLock {
                $0.append(Delivered(at: ContinuousClock.now, isKeyframe: frame.isKeyframe, pts: frame.pts))
            }
        }
        defer { session.stop() }
        // Waits as long as a busy machine needs (the first frame can take a minute beside the whole suite).
        func first(_ predicate: @escaping @Sendable (Delivered) -> Bool) async throws -> Delivered? {
            let deadline = ContinuousClock.now + .seconds(300)
            while ContinuousClock.now < deadline {
                if let found = frames.withLock({ $0.first(where: predicate) }) { return found }
                try await Task.sleep(for: .milliseconds(10))
            }
            return nil
        }
        _ = try #require(try await first { _ in true }, "no frame within 300 s")
        let requested = ContinuousClock.now
        session.requestKeyframe()
        let early = try #require(
            try await first { $0.at > requested && $0.isKeyframe }, "no keyframe after the request")
        // Slots are 4 s apart: without the wake-up the keyframe would wait for the next one.
        #expect(early.at - requested < .seconds(3), "keyframe \(early.at - requested) after the request")

        // A request every 20 ms for 12 s: three slots pass, so at most four frames (one slot ahead) may come.
        let floodStart = ContinuousClock.now
        let before = frames.withLock { $0.count }
        while ContinuousClock.now - floodStart < .seconds(12) {
            session.requestKeyframe()
            try await Task.sleep(for: .milliseconds(20))
        }
        let during = frames.withLock { $0.count } - before
        #expect(during <= 4, "\(during) frames in 12 s of 4 s slots under a flood of keyframe requests")
        let delivered = frames.withLock { $0 }
        #expect(zip(delivered, delivered.dropFirst()).allSatisfy { $0.pts < $1.pts }, "timestamps increase")
    }
}
