import ArgumentParser
import Foundation
import HyperRender
import HyperSFU
import HyperScene
import Logging
import NIOCore
import Synchronization

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

    /// One delivered frame's figures, in milliseconds.
    private struct Sample {
        var headset: Int
        var poseToRenderStart: Double
        var render: Double
        var encode: Double
        var poseToEncoded: Double
    }

    private func measure() throws {
        let sceneValue = try SceneArgument.load(scene)
        // Every headset's render on one device, as the server runs them.
        let shared = SharedVulkanDevice(selection: DeviceSelection(argument: device))
        var logger = Logger(label: "bench-latency")
        logger.logLevel = .warning
        print(
            "\(headsets) headset(s), \(sceneValue.name), \(fps) fps streams, poses at \(poseRate) Hz, "
                + "\(seconds) s per case; milliseconds p50 / p99")
        print("| eye | headsets | fps each (min) | pose→render start | render | encode | pose→encoded |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        var largestHeld: String?
        for eye in eyes.split(separator: ",").map(String.init) {
            let (width, height) = try RenderOptions.parseSize(eye)
            let settings = SessionSettings(
                sceneName: sceneValue.name, scene: sceneValue, width: width * 2, height: height,
                framesPerSecond: fps, bitrate: 8_000_000)
            let samples = Mutex<[Sample]>([])
            let measuring = Mutex(false)
            let inboxes = (0..<headsets).map { _ in XRPoseInbox() }
            let renders = inboxes.enumerated().map { index, inbox in
                let render = StreamSession(
                    id: "xr/bench-\(index)", settings: settings, logger: logger, xr: (inbox, 100))
                render.start(device: shared) { _, timing in
                    guard measuring.withLock({ $0 }), let stamp = timing.xr else { return }
                    let now = NIODeadline.now().uptimeNanoseconds
                    let received = stamp.poseReceivedUptimeNanoseconds
                    let start = timing.renderStartUptimeNanoseconds
                    samples.withLock {
                        $0.append(
                            Sample(
                                headset: index,
                                poseToRenderStart: Double(start > received ? start - received : 0) / 1e6,
                                render: timing.renderMilliseconds, encode: timing.encodeMilliseconds,
                                poseToEncoded: Double(now > received ? now - received : 0) / 1e6))
                    }
                }
                return render
            }
            let poses = PoseFeed(inboxes: inboxes, rate: poseRate)
            poses.start()
            Thread.sleep(forTimeInterval: 1)
            measuring.withLock { $0 = true }
            Thread.sleep(forTimeInterval: seconds)
            measuring.withLock { $0 = false }
            poses.stop()
            for render in renders { render.stop() }
            let taken = samples.withLock { $0 }
            let perHeadset = (0..<headsets).map { index in taken.filter { $0.headset == index }.count }
            let minimumFPS = Double(perHeadset.min() ?? 0) / seconds
            func column(_ value: (Sample) -> Double) -> String {
                let p = FrameTimingSummary.Percentiles(taken.map(value))
                return String(format: "%.1f / %.1f", p.p50, p.p99)
            }
            print(
                "| \(eye) | \(headsets) | \(String(format: "%.1f", minimumFPS)) | \(column(\.poseToRenderStart)) | "
                    + "\(column(\.render)) | \(column(\.encode)) | \(column(\.poseToEncoded)) |")
            if minimumFPS >= 0.95 * fps { largestHeld = eye }
            // Let the render threads see their stop before the next case opens its devices.
            Thread.sleep(forTimeInterval: 0.5)
        }
        print("largest eye size every headset held \(fps) fps at: \(largestHeld ?? "none")")
    }
}

/// A thread posting a slowly turning head pose to every inbox at a fixed rate, as headsets would.
private final class PoseFeed: Sendable {
    let inboxes: [XRPoseInbox]
    let rate: Double
    private let stopped = Mutex(false)

    init(inboxes: [XRPoseInbox], rate: Double) {
        self.inboxes = inboxes
        self.rate = rate
    }

    func start() {
        let thread = Thread { [self] in
            let clock = ContinuousClock()
            let start = clock.now
            var id: UInt32 = 0
            while !stopped.withLock({ $0 }) {
                id += 1
                let due = start + .seconds(Double(id) / rate)
                let wait = due - clock.now
                if wait > .zero { Thread.sleep(forTimeInterval: wait / .seconds(1)) }
                let seconds = (clock.now - start) / .seconds(1)
                let half = 0.3 * sin(seconds) / 2
                let pose = XRPose(
                    id: id, sampleTime: 1000 + seconds * 1000, orientation: SIMD4(0, sin(half), 0, cos(half)))
                let now = NIODeadline.now().uptimeNanoseconds
                for inbox in inboxes { inbox.post(pose, uptimeNanoseconds: now) }
            }
        }
        thread.name = "bench-poses"
        thread.start()
    }

    func stop() {
        stopped.withLock { $0 = true }
    }
}
