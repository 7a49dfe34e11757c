import ArgumentParser
import Foundation
import HyperImage
import HyperMedia
import HyperRender
import HyperScene

/// The measurement behind `bench render` and `bench run`'s render stage: GPU milliseconds per stage (timestamp
/// queries) and wall milliseconds per frame with two frames in flight, against the CPU reference renderer drawing the
/// same frames in the same run, plus the GPU RGBA→I420 against libyuv's ABGRToI420 on the CPU.
struct RenderBenchmark {
    var scenes: [String]
    var sizes: [String]
    /// Measured frames per case, after 5 warm-up frames.
    var frames: Int
    var faces: Bool = true
    /// Threads of the CPU reference renderer (1 is the yardstick).
    var threads: Int = 1
    /// Frames the CPU reference renders per case; 0 skips it.
    var referenceFrames: Int
    /// nil: the renderer measures both converters at start and keeps the faster.
    var i420: I420Converter?

    /// One scene at one size.
    struct Case {
        var scene: String
        var size: String
        /// The renderer's choice of I420 converter at start, when it measured both.
        var calibration: String?
        /// Medians of the GPU stages in milliseconds: transform, bin, raster, I420.
        var stages: [Double]
        var renderAndI420: Double
        var wallPerFrame: Double
        var converter: I420Converter
        var referenceMilliseconds: Double?
        var libyuvMilliseconds: Double

        /// libyuv's time over the shader's, when the shader converted.
        var libyuvOverShader: Double? { converter == .shader ? libyuvMilliseconds / stages[3] : nil }

        var figures: [BenchFigure] {
            BenchFigure.measured(
                "render/\(scene)/\(size)",
                [
                    ("gpu_transform", stages[0], "ms"), ("gpu_bin", stages[1], "ms"), ("gpu_raster", stages[2], "ms"),
                    ("gpu_i420", stages[3], "ms"), ("render_i420", renderAndI420, "ms"),
                    ("wall_per_frame", wallPerFrame, "ms"), ("cpu_reference", referenceMilliseconds, "ms"),
                    ("wall_over_reference", referenceMilliseconds.map { wallPerFrame / $0 }, "ratio"),
                    ("libyuv_i420", libyuvMilliseconds, "ms"), ("libyuv_over_gpu_i420", libyuvOverShader, "ratio"),
                ])
        }

        var markdownRow: String {
            let cells = stages.map { String(format: "%.3f ms", $0) }
            let referenceCells =
                referenceMilliseconds.map {
                    [String(format: "%.2f ms", $0), String(format: "%.2f×", wallPerFrame / $0)]
                } ?? ["–", "–"]
            let i420Ratio = libyuvOverShader.map { String(format: "%.2f×", $0) } ?? "–"
            return "| \(scene) | \(size) | \(cells.joined(separator: " | ")) | "
                + "\(String(format: "%.3f ms", renderAndI420)) | "
                + String(format: "%.2f ms", wallPerFrame) + " | \(converter.rawValue) | "
                + referenceCells.joined(separator: " | ")
                + " | \(String(format: "%.3f ms", libyuvMilliseconds)) | \(i420Ratio) |"
        }
    }

    var markdownHeader: String {
        "| scene | size | GPU transform | bin | raster | I420 | render+I420 | wall/frame | I420 by "
            + "| CPU reference (\(threads) thr) | wall ÷ reference | libyuv CPU I420 | libyuv ÷ GPU I420 |\n"
            + "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |"
    }

    func validate() throws {
        guard threads >= 1, referenceFrames >= 0, frames >= 1 else {
            throw ValidationError("--threads and --frames must be at least 1, --reference-frames at least 0")
        }
    }

    /// Every scene at every size on `device`; `each` sees each case as soon as it is measured.
    func measure(device: VulkanDevice, each: (Case) -> Void = { _ in }) throws -> [Case] {
        try validate()
        let catalog = try SceneCatalog.locate()
        var cases: [Case] = []
        for name in scenes {
            for size in sizes {
                let (width, height) = try RenderOptions.parseSize(size)
                let scene = try catalog.scene(named: name)
                var options = try RenderOptions(scene: scene, width: width, height: height)
                options.style.faces = faces
                let plan = try RenderPlan(scene: scene, options: options)
                let renderer = try GPURenderer(device: device, plan: plan, i420: i420)
                let measured = try measure(scene: name, size: size, renderer: renderer)
                each(measured)
                cases.append(measured)
            }
        }
        return cases
    }

    private func measure(scene: String, size: String, renderer: GPURenderer) throws -> Case {
        for index in 0..<5 { _ = try renderer.render(time: Double(index) / 90, readRGBA: false) }
        var timings: [StageTimings] = []
        let clock = ContinuousClock()
        let started = clock.now
        try renderer.renderSequence(times: (0..<frames).map { Double($0) / 90 }) { _, frame in
            if let timing = frame.timings { timings.append(timing) }
        }
        let wallPerFrame = (clock.now - started).inMilliseconds / Double(frames)
        let frame = try renderer.render(time: 1, readRGBA: true)
        let libyuvMs = try Self.libyuvMilliseconds(frame.rgba!, expected: frame.i420)
        let reference = try referenceMilliseconds(plan: renderer.plan)
        func median(_ values: [Double]) -> Double {
            guard !values.isEmpty else { return .nan }
            return values.sorted()[values.count / 2]
        }
        return Case(
            scene: scene, size: size, calibration: renderer.i420Calibration.map { "\($0)" },
            stages: (0..<4).map { stage in median(timings.map { $0.values[stage] }) },
            renderAndI420: median(timings.map(\.renderAndI420)), wallPerFrame: wallPerFrame,
            converter: renderer.i420Converter, referenceMilliseconds: reference, libyuvMilliseconds: libyuvMs)
    }

    /// Median milliseconds of the CPU reference renderer over the first `referenceFrames` benchmark frames.
    private func referenceMilliseconds(plan: RenderPlan) throws -> Double? {
        guard referenceFrames > 0 else { return nil }
        let reference = CPUReferenceRenderer(plan: plan)
        let clock = ContinuousClock()
        var samples: [Double] = []
        for index in 0..<referenceFrames {
            let started = clock.now
            _ = try reference.render(time: Double(index) / 90, threads: threads)
            samples.append((clock.now - started).inMilliseconds)
        }
        return samples.sorted()[samples.count / 2]
    }

    /// Median time of libyuv's ABGRToI420 on this frame; also checks it agrees with ours within ±1.
    static func libyuvMilliseconds(_ image: RGBAImage, expected: I420Frame) throws -> Double {
        let layout = expected.layout
        var planes = [UInt8](repeating: 0, count: layout.byteCount)
        let clock = ContinuousClock()
        var samples: [Double] = []
        for _ in 0..<21 {
            let elapsed = clock.measure {
                image.pixels.withUnsafeBytes { source in
                    planes.withUnsafeMutableBytes { out in
                        I420Converter.convertWithLibyuv(rgba: source, into: out, layout: layout)
                    }
                }
            }
            samples.append(elapsed.inMilliseconds)
        }
        let difference = ImageComparison.maxAbsoluteDifference(I420Frame(layout: layout, bytes: planes), expected)
        guard difference <= 1 else {
            throw ValidationError("GPU I420 differs from libyuv by \(difference) (more than ±1)")
        }
        return samples.sorted()[samples.count / 2]
    }
}
