import ArgumentParser
import Foundation
import HyperImage
import HyperMedia
import HyperRender
import HyperScene

/// The measurement behind `bench encode` and `bench run`'s encode stage: frames per second of our libvpx wrapper on
/// rendered frames, and of `vpxenc` on the same raw I420 with the same settings, as a ratio measured in the same run.
struct EncodeBenchmark {
    var scene: Scene
    var codecs: [String]
    var sizes: [String]
    var threads: [Int]
    var frames: Int
    /// Frame rate the encoder is told (scene time advances by 1/fps per frame).
    var fps: Double
    var bitrate: Int
    var vpxenc: String

    /// One codec at one size and thread count.
    struct Case {
        var codec: String
        var size: String
        var threads: Int
        var oursFPS: Double
        var vpxencFPS: Double
        var oursKilobitsPerSecond: Double
        var vpxencKilobitsPerSecond: Double

        var figures: [BenchFigure] {
            BenchFigure.measured(
                "encode/\(codec)/\(size)/\(threads)-threads",
                [
                    ("ours_fps", oursFPS, "fps"), ("vpxenc_fps", vpxencFPS, "fps"),
                    ("ours_over_vpxenc", oursFPS / vpxencFPS, "ratio"),
                    ("ours_bitrate", oursKilobitsPerSecond, "kbit/s"),
                    ("vpxenc_bitrate", vpxencKilobitsPerSecond, "kbit/s"),
                ])
        }

        var markdownRow: String {
            "| \(codec) | \(size) | \(threads) | "
                + String(
                    format: "%.0f | %.0f | %.2f× | %.0f | %.0f |", oursFPS, vpxencFPS, oursFPS / vpxencFPS,
                    oursKilobitsPerSecond, vpxencKilobitsPerSecond)
        }
    }

    func summary(device: VulkanDevice) -> String {
        "frames: \(frames) of \(scene.name), rendered on \(device.info.name); \(bitrate / 1000) kbit/s CBR realtime"
    }

    static let markdownHeader = """
        | codec | size | threads | ours fps | vpxenc fps | ours ÷ vpxenc | ours kbit/s | vpxenc kbit/s |
        | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |
        """

    /// Every size, codec and thread count; frames rendered on `device`; `each` sees each case once measured.
    func measure(device: VulkanDevice, each: (Case) -> Void = { _ in }) throws -> [Case] {
        var cases: [Case] = []
        for size in sizes {
            let (width, height) = try RenderOptions.parseSize(size)
            let pictures = try render(device: device, width: width, height: height)
            let raw = FileManager.default.temporaryDirectory.appendingPathComponent("hypercube-bench-\(size).yuv")
            try Self.packedI420(pictures).write(to: raw)
            defer { try? FileManager.default.removeItem(at: raw) }
            for codecName in codecs {
                for threadCount in threads {
                    var settings = EncoderSettings(
                        codec: try VideoCodec(argument: codecName), width: width, height: height,
                        framesPerSecond: fps, bitrate: bitrate)
                    settings.threads = threadCount
                    try settings.validate()
                    let (ours, bytes) = try encodeWithWrapper(pictures, settings: settings)
                    let (reference, referenceBytes) = try encodeWithVpxenc(raw, settings: settings)
                    let seconds = Double(frames) / fps
                    let measured = Case(
                        codec: codecName, size: size, threads: threadCount, oursFPS: ours, vpxencFPS: reference,
                        oursKilobitsPerSecond: Double(bytes) * 8 / seconds / 1000,
                        vpxencKilobitsPerSecond: Double(referenceBytes) * 8 / seconds / 1000)
                    each(measured)
                    cases.append(measured)
                }
            }
        }
        return cases
    }

    private func render(device: VulkanDevice, width: Int, height: Int) throws -> [I420Frame] {
        let plan = try RenderPlan(scene: scene, options: RenderOptions(scene: scene, width: width, height: height))
        let renderer = try GPURenderer(device: device, plan: plan)
        var pictures: [I420Frame] = []
        try renderer.renderSequence(times: (0..<frames).map { Double($0) / fps }) { _, frame in
            pictures.append(frame.copied().i420)
        }
        return pictures
    }

    /// Frames per second and bytes produced by `VideoEncoder` over all pictures.
    private func encodeWithWrapper(_ pictures: [I420Frame], settings: EncoderSettings) throws -> (Double, Int) {
        let encoder = try VideoEncoder(settings: settings)
        let clock = ContinuousClock()
        var bytes = 0
        let elapsed = try clock.measure {
            for (index, picture) in pictures.enumerated() {
                let pts = Int64(index) * Int64((90_000 / settings.framesPerSecond).rounded())
                for packet in try encoder.encode(picture, pts: pts) { bytes += packet.data.count }
            }
            for packet in try encoder.flush() { bytes += packet.data.count }
        }
        return (Double(pictures.count) / elapsed.inMilliseconds * 1000, bytes)
    }

    /// Frames per second of `vpxenc` (process start and reading the raw file included) encoding the same raw
    /// frames with the wrapper's settings, and the bytes of its frames.
    private func encodeWithVpxenc(_ raw: URL, settings: EncoderSettings) throws -> (Double, Int) {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("hypercube-bench-vpxenc.ivf")
        defer { try? FileManager.default.removeItem(at: output) }
        var arguments = [
            "--codec=\(settings.codec.rawValue)", "--i420", "-w", "\(settings.width)", "-h", "\(settings.height)",
            "--fps=\(Int(settings.framesPerSecond))/1", "--timebase=1/90000", "--rt", "--passes=1",
            "--end-usage=cbr", "--target-bitrate=\(settings.bitrate / 1000)", "--lag-in-frames=0",
            "--error-resilient=\(settings.errorResilient ? 1 : 0)", "--min-q=2",
            "--buf-initial-sz=500", "--buf-optimal-sz=600", "--buf-sz=1000", "--disable-kf", "--drop-frame=0",
            "--resize-allowed=0", "--cpu-used=\(settings.cpuUsed)", "--static-thresh=1",
            "--max-intra-rate=\(settings.maximumIntraBitratePercent)", "--noise-sensitivity=0",
            "--threads=\(settings.threads)", "--limit=\(frames)", "--ivf", "-q", "-o", output.path, raw.path,
        ]
        switch settings.codec {
        case .vp8:
            arguments += [
                "--max-q=56", "--undershoot-pct=100", "--overshoot-pct=15", "--token-parts=\(settings.tokenPartitions)",
            ]
        case .vp9:
            arguments += [
                "--max-q=52", "--undershoot-pct=50", "--overshoot-pct=50", "--aq-mode=3", "--frame-boost=0",
                "--tile-columns=\(settings.tileColumns)", "--row-mt=\(settings.rowMultithreading ? 1 : 0)",
            ]
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: vpxenc)
        process.arguments = arguments
        process.standardError = FileHandle.nullDevice
        let clock = ContinuousClock()
        let started = clock.now
        do {
            try process.run()
        } catch {
            throw ValidationError("cannot run \(vpxenc): \(error.localizedDescription) (apt-get install vpx-tools)")
        }
        process.waitUntilExit()
        let elapsed = clock.now - started
        guard process.terminationStatus == 0 else {
            throw ValidationError(
                "vpxenc failed (exit \(process.terminationStatus)): \(arguments.joined(separator: " "))")
        }
        let produced = try IVFReader.read(url: output).frames.reduce(0) { $0 + $1.data.count }
        return (Double(frames) / elapsed.inMilliseconds * 1000, produced)
    }

    /// The frames as one tightly packed I420 file (no stride padding), the layout `vpxenc --i420` reads.
    static func packedI420(_ pictures: [I420Frame]) -> Data {
        var data = Data()
        for picture in pictures {
            let layout = picture.layout
            picture.bytes.withUnsafeBufferPointer { bytes in
                for row in 0..<layout.height {
                    data.append(bytes.baseAddress! + layout.yOffset + row * layout.yStride, count: layout.width)
                }
                for offset in [layout.uOffset, layout.vOffset] {
                    for row in 0..<layout.chromaHeight {
                        data.append(bytes.baseAddress! + offset + row * layout.uvStride, count: layout.chromaWidth)
                    }
                }
            }
        }
        return data
    }
}
