import HyperImage
import HyperMedia
import Testing

/// VP9 realtime (speed 8, cyclic-refresh AQ, row multithreading) round trip on real renders.
@Suite struct VP9Tests {
    @Test(arguments: [1, 2])
    func roundTripDecodesAtFullSizeAbove35Decibels(threads: Int) throws {
        var settings = VideoFixtures.settings(.vp9)
        settings.threads = threads
        settings.tileColumns = threads == 1 ? 0 : 1
        let frames = Array(VideoFixtures.sequence360p[0..<30])
        let encoder = try VideoEncoder(settings: settings)
        let packets = try VideoFixtures.encode(frames, with: encoder)
        #expect(packets.count == 30)
        #expect(packets.first?.isKeyframe == true)
        let decoder = try VideoDecoder(codec: .vp9, threads: threads)
        var worst = Double.infinity
        for (packet, source) in zip(packets, frames) {
            let decoded = try decoder.decode(packet.data)
            try #require(decoded.count == 1)
            #expect(decoded[0].layout.width == 640 && decoded[0].layout.height == 360)
            worst = min(worst, ImageComparison.psnr(luma: source, decoded[0]))
        }
        print("VP9 640x360 1 Mbps, \(threads) thread(s): worst luma PSNR \(worst)")
        #expect(worst >= 35)
    }

    @Test func keyframeOnRequest() throws {
        let encoder = try VideoEncoder(settings: VideoFixtures.settings(.vp9))
        var packets = try VideoFixtures.encode(VideoFixtures.sequence360p[0..<5], with: encoder)
        encoder.requestKeyframe()
        packets += try encoder.encode(VideoFixtures.sequence360p[5], pts: 5 * VideoFixtures.frameTicks)
        #expect(packets.map(\.isKeyframe) == [true, false, false, false, false, true])
        let decoder = try VideoDecoder(codec: .vp9)
        #expect(try decoder.decode(packets[5].data).count == 1)
    }

    @Test func vp8DecoderRejectsAVP9Stream() throws {
        let encoder = try VideoEncoder(settings: VideoFixtures.settings(.vp9))
        let packet = try encoder.encode(VideoFixtures.sequence360p[0], pts: 0)[0]
        let decoder = try VideoDecoder(codec: .vp8)
        let error = #expect(throws: MediaError.self) { try decoder.decode(packet.data) }
        #expect(error?.code == .corruptStream)
    }
}
