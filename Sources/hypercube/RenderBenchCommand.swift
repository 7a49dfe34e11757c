import ArgumentParser
import Foundation
import HyperRender

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
        let converter: I420Converter?
        switch i420 {
        case "auto": converter = nil
        default:
            guard let named = I420Converter(rawValue: i420) else {
                throw ValidationError("--i420 must be shader, libyuv or auto, got \(i420)")
            }
            converter = named
        }
        let benchmark = RenderBenchmark(
            scenes: scenes.split(separator: ",").map(String.init), sizes: sizes.split(separator: ",").map(String.init),
            frames: frames, faces: faces, threads: threads, referenceFrames: referenceFrames, i420: converter)
        try benchmark.validate()
        print("device: \(device.info.description) — \(device.selectionReason)")
        print(benchmark.markdownHeader)
        _ = try benchmark.measure(device: device) { measured in
            if let calibration = measured.calibration {
                print("<!-- \(measured.scene) \(measured.size): \(calibration) -->")
            }
            print(measured.markdownRow)
        }
    }
}
