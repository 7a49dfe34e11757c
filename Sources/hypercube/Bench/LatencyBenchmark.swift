import Foundation
import HyperRender
import HyperSFU
import HyperScene
import Logging
import NIOCore
import Synchronization

/// The measurement behind `bench latency` and `bench run`'s XR stage: an XR viewer's render (docs/xr.md) fed poses
/// at a headset's rate, per eye size, with every headset's render on one shared device as the server runs them.
struct LatencyBenchmark {
    var scene: Scene
    /// Sizes per eye (the stream is a side-by-side pair twice as wide).
    var eyes: [String]
    var fps: Double
    var poseRate: Double
    var headsets: Int
    /// Seconds measured per case, after one second of warm-up.
    var seconds: Double
    var device: DeviceSelection

    /// One delivered frame's figures, in milliseconds.
    private struct Sample {
        var headset: Int
        var poseToRenderStart: Double
        var render: Double
        var encode: Double
        var poseToEncoded: Double
    }

    /// One eye size: milliseconds p50 / p99 over the frames every headset got, and the slowest headset's rate.
    struct Case {
        var eye: String
        var headsets: Int
        var minimumFPS: Double
        var poseToRenderStart: FrameTimingSummary.Percentiles
        var render: FrameTimingSummary.Percentiles
        var encode: FrameTimingSummary.Percentiles
        var poseToEncoded: FrameTimingSummary.Percentiles

        var figures: [BenchFigure] {
            var entries: [(metric: String, value: Double?, unit: String)] = [("fps_min", minimumFPS, "fps")]
            for (name, percentiles) in [
                ("pose_to_render_start", poseToRenderStart), ("render", render), ("encode", encode),
                ("pose_to_encoded", poseToEncoded),
            ] {
                entries += [("\(name)_p50", percentiles.p50, "ms"), ("\(name)_p99", percentiles.p99, "ms")]
            }
            return BenchFigure.measured("latency/\(eye)/\(headsets)-headsets", entries)
        }

        var markdownRow: String {
            func column(_ p: FrameTimingSummary.Percentiles) -> String { String(format: "%.1f / %.1f", p.p50, p.p99) }
            return "| \(eye) | \(headsets) | \(String(format: "%.1f", minimumFPS)) | \(column(poseToRenderStart)) | "
                + "\(column(render)) | \(column(encode)) | \(column(poseToEncoded)) |"
        }

        func held(fps: Double) -> Bool { minimumFPS >= 0.95 * fps }
    }

    var summary: String {
        "\(headsets) headset(s), \(scene.name), \(fps) fps streams, poses at \(poseRate) Hz, "
            + "\(seconds) s per case; milliseconds p50 / p99"
    }

    static let markdownHeader = """
        | eye | headsets | fps each (min) | pose→render start | render | encode | pose→encoded |
        | --- | ---: | ---: | ---: | ---: | ---: | ---: |
        """

    /// Every eye size in turn; `each` sees each case once measured.
    func measure(each: (Case) -> Void = { _ in }) throws -> [Case] {
        // Every headset's render on one device, as the server runs them.
        let shared = SharedVulkanDevice(selection: device)
        var logger = Logger(label: "bench-latency")
        logger.logLevel = .warning
        var cases: [Case] = []
        for eye in eyes {
            let (width, height) = try RenderOptions.parseSize(eye)
            let settings = SessionSettings(
                sceneName: scene.name, scene: scene, width: width * 2, height: height,
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
            let measured = Case(
                eye: eye, headsets: headsets, minimumFPS: Double(perHeadset.min() ?? 0) / seconds,
                poseToRenderStart: .init(taken.map(\.poseToRenderStart)), render: .init(taken.map(\.render)),
                encode: .init(taken.map(\.encode)), poseToEncoded: .init(taken.map(\.poseToEncoded)))
            each(measured)
            cases.append(measured)
            // Let the render threads see their stop before the next case opens its devices.
            Thread.sleep(forTimeInterval: 0.5)
        }
        return cases
    }
}
