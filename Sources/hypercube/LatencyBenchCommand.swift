import ArgumentParser
import HyperRender

/// `hypercube bench latency`: an XR viewer's render (docs/xr.md) fed poses at a headset's rate, per eye size and
/// number of headsets at once: pose received → render start, render, encode, pose → encoded frame (the server's part
/// of pose → wire; the send adds SRTP and one syscall), and the frame rate each headset got. The largest eye size whose
/// headsets all held the frame rate is the figure to compare between machines.
struct LatencyBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "latency", abstract: "Benchmark XR pose → encoded-frame latency, one render per headset.")

    @Option(help: "Scene name or path.")
    var scene: String = "tesseract"

    @Option(help: "Comma-separated sizes per eye (the stream is a side-by-side pair twice as wide).")
    var eyes: String = "320x180,640x360,1280x720"

    @Option(help: "Frame rate of each headset's stream.")
    var fps: Double = 90

    @Option(help: "Poses a second each headset sends.")
    var poseRate: Double = 90

    @Option(help: "Headsets (XR renders) at once.")
    var headsets: Int = 1

    @Option(help: "Seconds measured per case, after one second of warm-up.")
    var seconds: Double = 5

    @Option(help: "Vulkan device: an index or part of a name.")
    var device: String?

    func run() throws {
        guard fps > 0, poseRate > 0, headsets >= 1, seconds > 0 else {
            throw ValidationError("--fps, --pose-rate and --seconds must be positive, --headsets at least 1")
        }
        do {
            try measure()
        } catch {
            throw fail(error)
        }
    }

    private func measure() throws {
        let benchmark = LatencyBenchmark(
            scene: try SceneArgument.load(scene), eyes: eyes.split(separator: ",").map(String.init), fps: fps,
            poseRate: poseRate, headsets: headsets, seconds: seconds, device: DeviceSelection(argument: device))
        print(benchmark.summary)
        print(LatencyBenchmark.markdownHeader)
        let cases = try benchmark.measure { print($0.markdownRow) }
        let largestHeld = cases.last { $0.held(fps: fps) }?.eye
        print("largest eye size every headset held \(fps) fps at: \(largestHeld ?? "none")")
    }
}
