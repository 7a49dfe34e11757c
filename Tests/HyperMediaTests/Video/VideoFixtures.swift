import Foundation
import HyperImage
import HyperMedia
import HyperRender
import HyperScene

/// Real frames of the default scene rendered once per test run, and helpers shared by the video tests.
enum VideoFixtures {
    static let sceneName = "tesseract"
    static let framesPerSecond = 30.0
    /// Ticks of the 90 kHz clock between frames at 30 fps.
    static let frameTicks: Int64 = 3_000

    /// Ten seconds of the default scene at 640x360 and 30 fps, frame i at scene time i / 30.
    static let sequence360p: [I420Frame] = {
        do {
            let renderer = try renderer(width: 640, height: 360)
            return try render(renderer, count: 300)
        } catch {
            fatalError("rendering the 640x360 test sequence: \(error)")
        }
    }()

    static func renderer(width: Int, height: Int) throws -> GPURenderer {
        let scene = try SceneCatalog.locate().scene(named: sceneName)
        let plan = try RenderPlan(scene: scene, options: RenderOptions(scene: scene, width: width, height: height))
        return try GPURenderer(device: VulkanDevice(), plan: plan)
    }

    /// Renders frames 0..<count at 30 fps, keeping the next frame in flight while the current one is read back.
    static func render(_ renderer: GPURenderer, count: Int) throws -> [I420Frame] {
        var frames: [I420Frame] = []
        try renderFrames(renderer, count: count) { _, frame in frames.append(frame) }
        return frames
    }

    /// Calls `body` with each frame 0..<count at 30 fps in order, rendering the next one meanwhile.
    static func renderFrames(
        _ renderer: GPURenderer, count: Int, _ body: (Int, I420Frame) throws -> Void
    ) throws {
        try renderer.renderSequence(times: (0..<count).map { Double($0) / framesPerSecond }) { index, frame in
            try body(index, frame.copied().i420)
        }
    }

    static func settings(
        _ codec: VideoCodec = .vp8, width: Int = 640, height: Int = 360, bitrate: Int = 1_000_000
    ) -> EncoderSettings {
        EncoderSettings(codec: codec, width: width, height: height, framesPerSecond: framesPerSecond, bitrate: bitrate)
    }

    /// Encodes `frames` in order at 30 fps, one packet expected per frame.
    static func encode(_ frames: some Sequence<I420Frame>, with encoder: VideoEncoder) throws -> [EncodedFrame] {
        var packets: [EncodedFrame] = []
        for (index, frame) in frames.enumerated() {
            packets += try encoder.encode(frame, pts: Int64(index) * frameTicks)
        }
        return packets
    }

    /// Total compressed size of `packets` in bytes.
    static func byteCount(_ packets: some Sequence<EncodedFrame>) -> Int {
        packets.reduce(0) { $0 + $1.data.count }
    }
}
