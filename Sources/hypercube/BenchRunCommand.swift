import ArgumentParser
import Foundation
import HyperMedia
import HyperRender
import HyperScene

/// `hypercube bench run`: the render, encode, fan-out and XR latency benchmarks in one process, their tables, one
/// JSON report (`--json`) and a check against checked-in thresholds (`--thresholds`) that fails the command.
struct BenchRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run every benchmark: tables, a JSON report, and a check against thresholds.",
        discussion: """
            Stages run in the order render, encode, fanout, latency, each as its own subcommand measures it, with \
            that subcommand's defaults (or tiny cases with --quick); a progress line per stage goes to standard \
            error. With --thresholds, exits 1 when a figure is past its limit, missing, or measured on a device \
            other than the thresholds' device.
            """
    )

    static let stageNames = ["render", "encode", "fanout", "latency"]

    @Flag(help: "Tiny cases, for checking that every stage works (CI on the CPU).")
    var quick = false

    @Option(help: "Comma-separated stages to run, from render, encode, fanout, latency.")
    var stages: String = stageNames.joined(separator: ",")

    @Option(help: "Vulkan device for rendering: an index or part of a name.")
    var device: String?

    @Option(help: "Write the report (machine, device, commit, every figure with its unit) to this JSON file.")
    var json: String?

    @Option(help: "Compare the figures with this thresholds file (Benchmarks/thresholds/*.json); exit 1 past them.")
    var thresholds: String?

    @Option(help: "Render: comma-separated scene names.")
    var scenes: String?

    @Option(help: "Render: comma-separated sizes.")
    var renderSizes: String?

    @Option(help: "Render: measured frames per case.")
    var frames: Int?

    @Option(help: "Render: frames the CPU reference renders per case (0 skips it).")
    var referenceFrames: Int?

    @Option(help: "Render: threads of the CPU reference renderer (1 is the yardstick).")
    var referenceThreads: Int = 1

    @Option(help: "Render: RGBA→I420 converter: shader, libyuv, or auto.")
    var i420: String = "auto"

    @Option(help: "Encode: comma-separated codecs.")
    var codecs: String?

    @Option(help: "Encode: comma-separated sizes.")
    var encodeSizes: String?

    @Option(help: "Encode: path to vpxenc.")
    var vpxenc: String = "/usr/bin/vpxenc"

    @Option(help: "Fan-out: comma-separated viewer counts.")
    var viewers: String?

    @Option(help: "XR latency: comma-separated sizes per eye.")
    var eyes: String?

    @Option(help: "XR latency: frame rate of each headset's stream.")
    var latencyFps: Double?

    func run() async throws {
        do {
            try await measure()
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw fail(error)
        }
    }

    private func measure() async throws {
        let chosen = stages.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard !chosen.isEmpty, chosen.allSatisfy(Self.stageNames.contains) else {
            throw ValidationError("--stages takes \(Self.stageNames.joined(separator: ", ")), not '\(stages)'")
        }
        let limits = try thresholds.map(BenchThresholds.load(path:))
        let converter: I420Converter?
        if i420 == "auto" {
            converter = nil
        } else {
            guard let named = I420Converter(rawValue: i420) else {
                throw ValidationError("--i420 must be shader, libyuv or auto, got \(i420)")
            }
            converter = named
        }
        func list(_ value: String?, quick: String, full: String) -> [String] {
            (value ?? (self.quick ? quick : full)).split(separator: ",").map(String.init)
        }
        let render = RenderBenchmark(
            scenes: list(scenes, quick: "tesseract", full: "tesseract,600-cell"),
            sizes: list(renderSizes, quick: "160x90", full: "1280x720,1920x1080"),
            frames: frames ?? (quick ? 3 : 60), threads: referenceThreads,
            referenceFrames: referenceFrames ?? (quick ? 1 : 5), i420: converter)
        try render.validate()
        let scene = try SceneArgument.load(SceneCatalog.defaultSceneName)
        let encode = EncodeBenchmark(
            scene: scene, codecs: list(codecs, quick: "vp8", full: "vp8,vp9"),
            sizes: list(encodeSizes, quick: "160x90", full: "1280x720,1920x1080"), threads: quick ? [1] : [1, 2],
            frames: quick ? 10 : 120, fps: 60, bitrate: 2_000_000, vpxenc: vpxenc)
        let fanout = FanoutBenchmark(
            viewers: list(viewers, quick: "2", full: "10,50,100,200").compactMap { Int($0) },
            seconds: quick ? 1 : 10, size: quick ? "160x90" : "640x360", fps: quick ? 15 : 30,
            bitrate: quick ? "300k" : "2M", sample: quick ? 1 : 4, scene: SceneCatalog.defaultSceneName,
            clientThreads: quick ? 1 : 2, baselineSeconds: quick ? 0.5 : 3, connectConcurrency: 16,
            segmentationModes: quick ? [true] : [false, true])
        if chosen.contains("fanout") { try fanout.validate() }
        let latency = LatencyBenchmark(
            scene: scene, eyes: list(eyes, quick: "64x36", full: "320x180,640x360,1280x720"),
            fps: latencyFps ?? (quick ? 15 : 90), poseRate: 90, headsets: 1, seconds: quick ? 1 : 5,
            device: DeviceSelection(argument: device))

        let vulkan = try VulkanDevice(selection: DeviceSelection(argument: device))
        print("device: \(vulkan.info.description) — \(vulkan.selectionReason)")
        print(FanoutBenchmark.machine)
        let clock = ContinuousClock()
        var results: [BenchReport.Stage] = []
        for (index, name) in chosen.enumerated() {
            let position = "[\(index + 1)/\(chosen.count)] \(name)"
            Self.progress("\(position): running")
            let started = clock.now
            print("")
            print("## \(name)")
            print("")
            let figures: [BenchFigure]
            switch name {
            case "render":
                print(render.markdownHeader)
                let cases = try render.measure(device: vulkan) { measured in
                    print(measured.markdownRow)
                    Self.progress("\(position): \(measured.scene) \(measured.size) measured")
                }
                figures = cases.flatMap(\.figures)
            case "encode":
                print(encode.summary(device: vulkan))
                print(EncodeBenchmark.markdownHeader)
                let cases = try encode.measure(device: vulkan) { measured in
                    print(measured.markdownRow)
                    Self.progress("\(position): \(measured.codec) \(measured.size) \(measured.threads) thr measured")
                }
                figures = cases.flatMap(\.figures)
            case "fanout":
                print(fanout.summary)
                print(FanoutRound.markdownHeader)
                let rounds = try await fanout.measure { measured in
                    print(measured.figures.markdownRow)
                    Self.progress("\(position): \(measured.figures.viewers) viewers measured")
                }
                // The same counts through an edge relaying the stream, GSO as the origin's last mode: the relay's
                // cost per packet as a ratio to the origin's in the same run (issue #15).
                var edge = fanout
                edge.throughEdge = true
                edge.segmentationModes = Array(fanout.segmentationModes.suffix(1))
                let edgeRounds = try await edge.measure { measured in
                    print(measured.figures.markdownRow + " (through an edge)")
                    Self.progress("\(position): \(measured.figures.viewers) viewers through an edge measured")
                }
                for round in rounds + edgeRounds { print("- \(round.figures.details); \(round.verification)") }
                figures = (rounds + edgeRounds).flatMap(\.benchFigures) + FanoutBenchmark.edgeRatios(
                    origin: rounds.map(\.figures), edge: edgeRounds.map(\.figures))
            default:
                print(latency.summary)
                print(LatencyBenchmark.markdownHeader)
                let cases = try latency.measure { measured in
                    print(measured.markdownRow)
                    Self.progress("\(position): eye \(measured.eye) measured")
                }
                figures = cases.flatMap(\.figures)
            }
            let seconds = (clock.now - started).inSeconds
            Self.progress("\(position): done in \(String(format: "%.1f", seconds)) s, \(figures.count) figures")
            results.append(BenchReport.Stage(name: name, seconds: seconds, figures: figures))
        }
        let report = BenchReport(
            date: ISO8601DateFormatter().string(from: Date()), commit: BenchReport.currentCommit(), quick: quick,
            arguments: Array(CommandLine.arguments.dropFirst()), machine: .current,
            device: BenchReport.Device(vulkan.info), stages: results)
        if let json {
            try report.write(to: json)
            Self.progress("report: \(json)")
        }
        guard let limits, let thresholds else { return }
        print("")
        print("## thresholds: \(thresholds)")
        print("")
        let (lines, failures) = limits.check(report)
        for line in lines { print(line) }
        if failures > 0 {
            print("\(failures) of \(lines.count) checks failed")
            throw ExitCode(1)
        }
    }

    private static func progress(_ line: String) {
        FileHandle.standardError.write(Data("bench \(line)\n".utf8))
    }
}
