import HyperImage
import HyperMedia
import Testing

/// Constant-bitrate control on real renders: the budget is met over ten seconds, and changes at run time move it.
@Suite struct RateControlTests {
    @Test func tenSecondsAt1MbpsStayWithinTenPercentOfBudget() throws {
        let encoder = try VideoEncoder(settings: VideoFixtures.settings(bitrate: 1_000_000))
        let packets = try VideoFixtures.encode(VideoFixtures.sequence360p, with: encoder)
        #expect(packets.count == 300)
        let ratio = Double(VideoFixtures.byteCount(packets)) / (1_000_000 * 10 / 8)
        print("VP8 640x360 1 Mbps, 300 frames: bytes / budget = \(ratio)")
        #expect(abs(ratio - 1) <= 0.1)
    }

    @Test func setBitrateHalvesTheOutputWithoutANewEncoder() throws {
        let frames = VideoFixtures.sequence360p
        let encoder = try VideoEncoder(settings: VideoFixtures.settings(bitrate: 1_000_000))
        let before = try VideoFixtures.encode(frames[0..<90], with: encoder)
        try encoder.setBitrate(500_000)
        #expect(encoder.settings.bitrate == 500_000)
        var after: [EncodedFrame] = []
        for index in 90..<180 {
            after += try encoder.encode(frames[index], pts: Int64(index) * VideoFixtures.frameTicks)
        }
        #expect(after.allSatisfy { !$0.isKeyframe })
        // Steady state only: the keyframe's second before, the transition's second after.
        let ratio = Double(VideoFixtures.byteCount(after[30...])) / Double(VideoFixtures.byteCount(before[30...]))
        print("VP8 640x360 1 Mbps -> 500 kbps: output ratio \(ratio)")
        #expect(ratio <= 0.75)
        #expect(ratio >= 0.3)
    }

    @Test func setFrameRateStretchesFramesAndTheirBudget() throws {
        let frames = VideoFixtures.sequence360p
        let encoder = try VideoEncoder(settings: VideoFixtures.settings(bitrate: 600_000))
        let at30 = try VideoFixtures.encode(frames[0..<60], with: encoder)
        try encoder.setFrameRate(15)
        #expect(encoder.settings.framesPerSecond == 15)
        var at15: [EncodedFrame] = []
        for index in stride(from: 60, to: 180, by: 2) {
            at15 += try encoder.encode(frames[index], pts: Int64(index) * VideoFixtures.frameTicks)
        }
        #expect(at30.allSatisfy { $0.duration == 3_000 })
        #expect(at15.allSatisfy { $0.duration == 6_000 })
        let perFrame30 = Double(VideoFixtures.byteCount(at30[30...])) / 30
        let perFrame15 = Double(VideoFixtures.byteCount(at15[15...])) / 45
        print("VP8 640x360 600 kbps: bytes per frame at 15 fps / at 30 fps = \(perFrame15 / perFrame30)")
        #expect(perFrame15 > 1.4 * perFrame30)
    }

    @Test func runtimeChangesAreValidatedAndLeaveSettingsAlone() throws {
        let encoder = try VideoEncoder(settings: VideoFixtures.settings())
        #expect(throws: MediaError.self) { try encoder.setBitrate(0) }
        #expect(throws: MediaError.self) { try encoder.setFrameRate(0) }
        #expect(throws: MediaError.self) { try encoder.setFrameRate(.nan) }
        #expect(encoder.settings == VideoFixtures.settings())
    }
}
