import ArgumentParser
import Foundation
import HyperImage
import HyperMedia
import HyperRender
import HyperScene

/// `hypercube bench render`: GPU milliseconds per stage (timestamp queries) and wall milliseconds per frame
/// with two frames in flight, against the CPU reference renderer drawing the same frames in the same run
/// (the ratio is the figure: machines differ), plus our GPU RGBA→I420 against libyuv's ABGRToI420 on the CPU.
struct RenderBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "render", abstract: "Benchmark rendering.")

    @Option(help: "Comma-separated scene names.")
    var scenes: String = "tesseract,600-cell"

    @Option(help: "Comma-separated sizes.")
    var sizes: String = "1280x720,1920x1080"

    @Option(help: "Measured frames per case (after 5 warm-up frames).")
    var frames: Int = 60

    @Option(help: "Vulkan device: an index or part of a name.")
    var device: String?

    @Option(help: "Draw translucent faces (edges + faces is the budgeted case).")
    var faces: Bool = true

    @Option(help: "Threads for the CPU reference renderer (1 is the yardstick).")
    var threads: Int = 1

    @Option(help: "Frames the CPU reference renders per case (0 skips it).")
    var referenceFrames: Int = 5

    @Option(help: "RGBA→I420 converter: shader, libyuv, or auto (measured at start).")
    var i420: String = "auto"

    func run() throws {
        do {
            try measure()
        } catch {
            throw fail(error)
        }
    }

    private func measure() throws {
        let device = try VulkanDevice(selection: DeviceSelection(argument: self.device))
        let catalog = try SceneCatalog.locate()
        let converter: I420Converter?
        switch i420 {
        case "auto": converter = nil
        default:
            guard let named = I420Converter(rawValue: i420) else {
                throw ValidationError("--i420 must be shader, libyuv or auto, got \(i420)")
            }
            converter = named
        }
        guard threads >= 1, referenceFrames >= 0, frames >= 1 else {
            throw ValidationError("--threads and --frames must be at least 1, --reference-frames at least 0")
        }
        print("device: \(device.info.description) — \(device.selectionReason)")
        print(
            "| scene | size | GPU transform | bin | raster | I420 | render+I420 | wall/frame | I420 by "
                + "| CPU reference (\(threads) thr) | wall ÷ reference | libyuv CPU I420 | libyuv ÷ GPU I420 |"
        )
        print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |")
        for name in scenes.split(separator: ",").map(String.init) {
            for size in sizes.split(separator: ",").map(String.init) {
                let (width, height) = try RenderOptions.parseSize(size)
                let scene = try catalog.scene(named: name)
                var options = try RenderOptions(scene: scene, width: width, height: height)
                options.style.faces = faces
                let plan = try RenderPlan(scene: scene, options: options)
                let renderer = try GPURenderer(device: device, plan: plan, i420: converter)
                if let calibration = renderer.i420Calibration { print("<!-- \(name) \(size): \(calibration) -->") }
                try row(name: name, size: size, renderer: renderer)
            }
        }
    }

    private func row(name: String, size: String, renderer: GPURenderer) throws {
        for index in 0..<5 { _ = try renderer.render(time: Double(index) / 90, readRGBA: false) }
        var timings: [StageTimings] = []
        let clock = ContinuousClock()
        let started = clock.now
        try renderer.renderSequence(times: (0..<frames).map { Double($0) / 90 }) { _, frame in
            if let timing = frame.timings { timings.append(timing) }
        }
        let wall = clock.now - started
        let wallMs = wall.inMilliseconds
        let wallPerFrame = wallMs / Double(frames)
        let frame = try renderer.render(time: 1, readRGBA: true)
        let libyuvMs = try Self.libyuvMilliseconds(frame.rgba!, expected: frame.i420)
        let reference = try referenceMilliseconds(plan: renderer.plan)
        func median(_ values: [Double]) -> Double {
            guard !values.isEmpty else { return .nan }
            return values.sorted()[values.count / 2]
        }
        let stages = (0..<4).map { stage in median(timings.map { $0.values[stage] }) }
        let gpuTotal = median(timings.map(\.renderAndI420))
        let cells = stages.map { String(format: "%.3f ms", $0) }
        let referenceCells =
            reference.map { [String(format: "%.2f ms", $0), String(format: "%.2f×", wallPerFrame / $0)] }
            ?? ["–", "–"]
        let i420Ratio = renderer.i420Converter == .shader ? String(format: "%.2f×", libyuvMs / stages[3]) : "–"
        print(
            "| \(name) | \(size) | \(cells.joined(separator: " | ")) | \(String(format: "%.3f ms", gpuTotal)) | "
                + String(format: "%.2f ms", wallPerFrame) + " | \(renderer.i420Converter.rawValue) | "
                + referenceCells.joined(separator: " | ")
                + " | \(String(format: "%.3f ms", libyuvMs)) | \(i420Ratio) |"
        )
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
