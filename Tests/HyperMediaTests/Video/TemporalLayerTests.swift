import HyperImage
import HyperMedia
import Testing

/// VP8 temporal scalability: each frame reports its layer, and dropping the upper layers (what an SFU does for
/// a slow viewer) still leaves a stream in which every remaining frame decodes.
@Suite struct TemporalLayerTests {
    static func encode(layers: Int, count: Int, keyframeRequestAt: Int? = nil) throws -> [EncodedFrame] {
        var settings = VideoFixtures.settings()
        settings.temporalLayers = layers
        let encoder = try VideoEncoder(settings: settings)
        var packets: [EncodedFrame] = []
        for index in 0..<count {
            if index == keyframeRequestAt { encoder.requestKeyframe() }
            packets += try encoder.encode(
                VideoFixtures.sequence360p[index], pts: Int64(index) * VideoFixtures.frameTicks)
        }
        return packets
    }

    /// Decodes the frames of layers up to `highestLayer` in order; each must give one picture close to its source.
    static func decodeUpTo(_ highestLayer: Int, _ packets: [EncodedFrame]) throws -> Int {
        let decoder = try VideoDecoder(codec: .vp8)
        var decodedCount = 0
        for (index, packet) in packets.enumerated() where packet.temporalLayer <= highestLayer {
            let pictures = try decoder.decode(packet.data)
            try #require(pictures.count == 1)
            #expect(ImageComparison.psnr(luma: VideoFixtures.sequence360p[index], pictures[0]) >= 35)
            decodedCount += 1
        }
        return decodedCount
    }

    @Test func twoLayersAlternate() throws {
        let packets = try Self.encode(layers: 2, count: 16)
        #expect(packets.map(\.temporalLayer) == Array(repeating: [0, 1], count: 8).flatMap { $0 })
        #expect(try Self.decodeUpTo(1, packets) == 16)
        #expect(try Self.decodeUpTo(0, packets) == 8)
    }

    @Test func threeLayersFollowZeroTwoOneTwo() throws {
        let packets = try Self.encode(layers: 3, count: 16)
        #expect(packets.map(\.temporalLayer) == Array(repeating: [0, 2, 1, 2], count: 4).flatMap { $0 })
        #expect(try Self.decodeUpTo(2, packets) == 16)
        #expect(try Self.decodeUpTo(1, packets) == 8)
        #expect(try Self.decodeUpTo(0, packets) == 4)
    }

    @Test func aRequestedKeyframeRestartsThePatternInTheBaseLayer() throws {
        let packets = try Self.encode(layers: 3, count: 10, keyframeRequestAt: 5)
        #expect(packets.map(\.temporalLayer) == [0, 2, 1, 2, 0, 0, 2, 1, 2, 0])
        #expect(packets.map(\.isKeyframe) == [true, false, false, false, false, true, false, false, false, false])
        #expect(try Self.decodeUpTo(0, packets) == 4)
    }

    @Test func theBaseLayerGetsItsShareOfTheBitrate() throws {
        let packets = try Self.encode(layers: 2, count: 120)
        let steady = packets[30...]
        let base = VideoFixtures.byteCount(steady.filter { $0.temporalLayer == 0 })
        let share = Double(base) / Double(VideoFixtures.byteCount(steady))
        print("VP8 two temporal layers: base layer carries \(share) of the bytes (target 0.6)")
        #expect(share > 0.45 && share < 0.8)
    }
}
