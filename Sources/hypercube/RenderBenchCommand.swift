import ArgumentParser
import CYUV
import Foundation
import HyperImage
import HyperMedia
import HyperRender
import HyperScene

/// `hypercube bench render`: GPU milliseconds per stage (timestamp queries) and wall milliseconds per frame
/// with two frames in flight, plus our GPU RGBA→I420 against libyuv's ABGRToI420 on the CPU for the same
/// frame, as a ratio measured in the same run.
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
        print("device: \(device.info.description) — \(device.selectionReason)")
        print("| scene | size | GPU transform | bin | raster | I420 | render+I420 | wall/frame | libyuv CPU I420 | libyuv ÷ GPU I420 |")
        print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for name in scenes.split(separator: ",").map(String.init) {
            for size in sizes.split(separator: ",").map(String.init) {
                let (width, height) = try RenderOptions.parseSize(size)
                let scene = try catalog.scene(named: name)
                var options = try RenderOptions(scene: scene, width: width, height: height)
                options.style.faces = faces
                let renderer = try GPURenderer(device: device, plan: try RenderPlan(scene: scene, options: options))
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
        let frame = try renderer.render(time: 1, readRGBA: true)
        let libyuvMs = try Self.libyuvMilliseconds(frame.rgba!, expected: frame.i420)
        func median(_ values: [Double]) -> Double {
            guard !values.isEmpty else { return .nan }
            return values.sorted()[values.count / 2]
        }
        let stages = (0..<4).map { stage in median(timings.map { $0.values[stage] }) }
        let gpuTotal = median(timings.map(\.renderAndI420))
        let cells = stages.map { String(format: "%.3f ms", $0) }
        print(
            "| \(name) | \(size) | \(cells.joined(separator: " | ")) | \(String(format: "%.3f ms", gpuTotal)) | "
                + String(format: "%.2f ms", wallMs / Double(frames))
                + " | \(String(format: "%.3f ms", libyuvMs)) | \(String(format: "%.2f×", libyuvMs / stages[3])) |"
        )
    }

    /// Median time of libyuv's ABGRToI420 on this frame; also checks it agrees with ours within ±1.
    static func libyuvMilliseconds(_ image: RGBAImage, expected: I420Frame) throws -> Double {
        let layout = expected.layout
        var planes = [UInt8](repeating: 0, count: layout.byteCount)
        let clock = ContinuousClock()
        var samples: [Double] = []
        for _ in 0..<21 {
            let elapsed = clock.measure {
                image.pixels.withUnsafeBufferPointer { source in
                    planes.withUnsafeMutableBufferPointer { out in
                        let base = out.baseAddress!
                        _ = ABGRToI420(
                            source.baseAddress, Int32(image.width * 4),
                            base + layout.yOffset, Int32(layout.yStride),
                            base + layout.uOffset, Int32(layout.uvStride),
                            base + layout.vOffset, Int32(layout.uvStride),
                            Int32(image.width), Int32(image.height)
                        )
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
