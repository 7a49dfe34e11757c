import HyperImage
import HyperMedia
import Testing

/// Keyframes where a receiver needs them: first, on request (PLI/FIR), forced per frame, and at the interval.
@Suite struct KeyframeTests {
    /// The VP8 frame tag's lowest bit is 0 for a key frame (RFC 6386, section 9.1).
    static func vp8KeyframeBit(_ frame: EncodedFrame) -> Bool {
        frame.data[0] & 1 == 0
    }

    @Test func requestKeyframeMakesTheNextFrameAKeyframe() throws {
        let frames = VideoFixtures.sequence360p
        let encoder = try VideoEncoder(settings: VideoFixtures.settings())
        var packets = try VideoFixtures.encode(frames[0..<10], with: encoder)
        encoder.requestKeyframe()
        for index in 10..<15 {
            packets += try encoder.encode(frames[index], pts: Int64(index) * VideoFixtures.frameTicks)
        }
        #expect(packets.indices.filter { packets[$0].isKeyframe } == [0, 10])
        #expect(packets.map(Self.vp8KeyframeBit) == packets.map(\.isKeyframe))
        let decoder = try VideoDecoder(codec: .vp8)
        let recovered = try decoder.decode(packets[10].data)
        #expect(recovered.count == 1)
        #expect(ImageComparison.psnr(luma: frames[10], recovered[0]) >= 35)
    }

    @Test func forceKeyframeAppliesToThatFrameOnly() throws {
        let frames = VideoFixtures.sequence360p
        let encoder = try VideoEncoder(settings: VideoFixtures.settings())
        var keyframes: [Bool] = []
        for index in 0..<6 {
            let packets = try encoder.encode(
                frames[index], pts: Int64(index) * VideoFixtures.frameTicks, forceKeyframe: index == 3)
            keyframes += packets.map(\.isKeyframe)
        }
        #expect(keyframes == [true, false, false, true, false, false])
    }

    @Test func keyframeIntervalBoundsTheDistanceBetweenKeyframes() throws {
        var settings = VideoFixtures.settings()
        settings.keyframeInterval = 10
        let encoder = try VideoEncoder(settings: settings)
        let packets = try VideoFixtures.encode(VideoFixtures.sequence360p[0..<25], with: encoder)
        #expect(packets.indices.filter { packets[$0].isKeyframe } == [0, 10, 20])
        #expect(packets.map(Self.vp8KeyframeBit) == packets.map(\.isKeyframe))
    }

    @Test func withoutAnIntervalOnlyTheFirstFrameIsAKeyframe() throws {
        let encoder = try VideoEncoder(settings: VideoFixtures.settings())
        let packets = try VideoFixtures.encode(VideoFixtures.sequence360p[0..<90], with: encoder)
        #expect(packets.indices.filter { packets[$0].isKeyframe } == [0])
        #expect(try encoder.flush().isEmpty)
    }
}
