import Foundation
import HyperImage
import HyperMedia
import Testing

/// What viewers see: 300 rendered 1280x720 frames of the default scene (10 s at 30 fps) through VP8 at 2 Mbps
/// and back. PSNR is of the luma plane; the (6Y+U+V)/8 weighted figure is printed beside it.
@Test func vp8At2MbpsKeeps720pRendersAbove37Decibels() async throws {
    let renderer = try VideoFixtures.renderer(width: 1280, height: 720)
    let encoder = try VideoEncoder(settings: VideoFixtures.settings(width: 1280, height: 720, bitrate: 2_000_000))
    let decoder = try VideoDecoder(codec: .vp8)
    let scores = try await withThrowingTaskGroup(of: FrameScore.self) { group in
        // Metrics run beside the render loop; the loop itself blocks on the renderer's fences.
        try VideoFixtures.renderFrames(renderer, count: 300) { index, source in
            let packets = try encoder.encode(source, pts: Int64(index) * VideoFixtures.frameTicks)
            try #require(packets.count == 1)
            let decoded = try decoder.decode(packets[0].data)
            try #require(decoded.count == 1)
            let bytes = packets[0].data.count
            group.addTask { FrameScore(source: source, decoded: decoded[0], bytes: bytes) }
        }
        return try await group.reduce(into: []) { $0.append($1) }
    }
    try #require(scores.count == 300)
    let luma = scores.map(\.lumaPSNR)
    let weighted = scores.map(\.weightedPSNR)
    let ssim = scores.map(\.ssim)
    let meanLuma = luma.reduce(0, +) / 300
    let meanSSIM = ssim.reduce(0, +) / 300
    let megabits = Double(scores.reduce(0) { $0 + $1.bytes } * 8) / 10 / 1e6
    print(
        "VP8 1280x720 2 Mbps, 300 frames: luma PSNR mean \(meanLuma) min \(luma.min()!); (6Y+U+V)/8 PSNR mean "
            + "\(weighted.reduce(0, +) / 300) min \(weighted.min()!); luma SSIM mean \(meanSSIM) min \(ssim.min()!); "
            + "\(megabits) Mbit/s")
    #expect(meanLuma >= 37)
    #expect(luma.min()! >= 35)
    #expect(meanSSIM >= 0.95)
}

/// Quality of one decoded frame against its source.
private struct FrameScore: Sendable {
    var lumaPSNR: Double
    var weightedPSNR: Double
    var ssim: Double
    var bytes: Int

    init(source: I420Frame, decoded: I420Frame, bytes: Int) {
        let planes = ImageComparison.psnr(planesOf: source, decoded)
        lumaPSNR = planes.y
        weightedPSNR = (6 * planes.y + planes.u + planes.v) / 8
        ssim = ImageComparison.ssim(luma: source, decoded)
        self.bytes = bytes
    }
}
