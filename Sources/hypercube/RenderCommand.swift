import ArgumentParser
import Foundation
import HyperControl
import HyperImage
import HyperMedia
import HyperRender
import HyperScene

/// `hypercube render`: a scene at a time, or a run of frames, to PNG files.
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render a scene to PNG (one frame, or a sequence into a directory) or encode it to an IVF video.",
        discussion: """
            hypercube render --scene tesseract --time 1.5 --size 1280x720 --out frame.png
            hypercube render --scene 600-cell --frames 90 --fps 90 --size 1920x1080 --out frames/
            hypercube render --scene tesseract --frames 300 --fps 60 --codec vp8 --bitrate 2M --out clip.ivf
            """
    )

    @Option(help: "Scene name (see assets/scenes) or path to a scene .json file.")
    var scene: String = SceneCatalog.defaultSceneName

    @Option(help: "Scene time in seconds of the (first) frame.")
    var time: Double = 0

    @Option(help: "Number of frames; more than one writes frame-NNNNN.png files into --out.")
    var frames: Int?

    @Option(help: "Length in seconds (frames = seconds × fps); an alternative to --frames.")
    var seconds: Double?

    @Option(help: "Frames per second of a sequence.")
    var fps: Double = 30

    @Option(help: "Picture size WIDTHxHEIGHT (even, at most 7680x4320).")
    var size: String = "1280x720"

    @Option(help: "Video codec (vp8 or vp9): encode to an IVF file instead of writing PNGs.")
    var codec: String?

    @Option(help: "Video bitrate, e.g. 2M, 800k (with --codec or an .ivf output).")
    var bitrate: String = "2M"

    @Option(help: "Encoder threads.")
    var threads: Int = 1

    @Option(help: "Output .png file, a directory for a PNG sequence, or an .ivf file for video.")
    var out: String = "frame.png"

    @Option(help: "Vulkan device: an index or part of a name (default: NVIDIA first).")
    var device: String?

    @Flag(help: "Render with the CPU reference renderer instead of Vulkan.")
    var cpu = false

    @Option(help: "Override the scene: draw translucent faces (true/false).")
    var faces: Bool?

    @Option(help: "Override the scene: side-by-side stereo eyes (true/false).")
    var stereo: Bool?

    func run() throws {
        do {
            try render()
        } catch {
            throw fail(error)
        }
    }

    private var frameCount: Int {
        if let frames { return frames }
        if let seconds { return Int((seconds * fps).rounded()) }
        return 1
    }

    private var encodesVideo: Bool { codec != nil || out.lowercased().hasSuffix(".ivf") }

    private func render() throws {
        guard fps > 0, fps.isFinite else { throw ValidationError("--fps must be positive") }
        try NumericSetting.check("--fps", fps, in: 0.001...1000)
        try NumericSetting.check("--time", time, in: -1e9...1e9)
        guard frames == nil || seconds == nil else { throw ValidationError("give --frames or --seconds, not both") }
        if let seconds, !(seconds > 0 && seconds.isFinite) { throw ValidationError("--seconds must be positive") }
        if let seconds { try NumericSetting.check("--seconds", seconds, in: 0.001...86_400) }
        let frames = frameCount
        guard frames >= 1 else { throw ValidationError("--frames must be at least 1") }
        try NumericSetting.check("--frames", frames, in: 1...10_000_000)
        let (width, height) = try RenderOptions.parseSize(size)
        let scene = try SceneArgument.load(self.scene)
        var options = try RenderOptions(scene: scene, width: width, height: height)
        if let faces { options.style.faces = faces }
        if let stereo { options.camera.stereo = stereo }
        let plan = try RenderPlan(scene: scene, options: options)
        if encodesVideo {
            try encodeVideo(plan: plan, frames: frames)
            return
        }
        let outputs = try outputFiles(frames: frames)
        let times = (0..<frames).map { time + Double($0) / fps }

        if cpu {
            let reference = CPUReferenceRenderer(plan: plan)
            for (t, url) in zip(times, outputs) {
                try PNGCodec.write(try reference.render(time: t), to: url)
            }
            print("rendered \(frames) frame(s) of \(scene.name) at \(width)x\(height) on the CPU → \(out)")
            return
        }
        let device = try VulkanDevice(selection: DeviceSelection(argument: self.device))
        let renderer = try GPURenderer(device: device, plan: plan)
        var gpuTotals = [Double](repeating: 0, count: StageTimings.stageNames.count)
        let started = Date()
        try renderer.renderSequence(times: times, readRGBA: true) { index, frame in
            try write(frame.copied(), to: outputs[index], totals: &gpuTotals)
        }
        let seconds = Date().timeIntervalSince(started)
        print("device: \(device.info.name) — \(device.selectionReason)")
        print(
            "rendered \(frames) frame(s) of \(scene.name) at \(width)x\(height) → \(out) in "
                + String(format: "%.2f s", seconds)
        )
        if device.info.hasTimestamps {
            let stages = zip(StageTimings.stageNames, gpuTotals).map { name, total in
                "\(name) \(String(format: "%.3f", total / Double(frames))) ms"
            }
            print("GPU per frame: " + stages.joined(separator: ", "))
        }
    }

    private func write(_ frame: RenderedFrame, to url: URL, totals: inout [Double]) throws {
        guard let image = frame.rgba else { return }
        try PNGCodec.write(image, to: url)
        if let timings = frame.timings {
            for (index, value) in timings.values.enumerated() { totals[index] += value }
        }
    }

    /// Renders `frames` frames and encodes each straight from the renderer's staging memory into an IVF file.
    private func encodeVideo(plan: RenderPlan, frames: Int) throws {
        guard !cpu else { throw ValidationError("--cpu renders PNGs only; video comes from the Vulkan renderer") }
        let codec = try VideoCodec(argument: self.codec ?? "vp8")
        var settings = EncoderSettings(
            codec: codec,
            width: plan.options.width,
            height: plan.options.height,
            framesPerSecond: fps,
            bitrate: try EncoderSettings.parseBitrate(bitrate)
        )
        settings.threads = threads
        try settings.validate()
        let encoder = try VideoEncoder(settings: settings)
        let writer = try IVFWriter(
            url: URL(fileURLWithPath: out),
            codec: codec,
            width: plan.options.width,
            height: plan.options.height
        )
        let device = try VulkanDevice(selection: DeviceSelection(argument: self.device))
        let renderer = try GPURenderer(device: device, plan: plan)
        let clock = ContinuousClock()
        var encodeTime = Duration.zero
        var bytes = 0
        var keyframes = 0
        let started = clock.now
        let times = (0..<frames).map { time + Double($0) / fps }
        try renderer.renderSequence(times: times) { _, frame in
            let pts = MediaClock.videoTimestamp(seconds: frame.time - time)
            let encodeStart = clock.now
            let packets = try encoder.encode(planes: frame.i420Bytes, layout: frame.layout, pts: pts)
            encodeTime += clock.now - encodeStart
            for packet in packets {
                try writer.write(packet)
                bytes += packet.data.count
                keyframes += packet.isKeyframe ? 1 : 0
            }
        }
        for packet in try encoder.flush() {
            try writer.write(packet)
            bytes += packet.data.count
        }
        try writer.close()
        let wall = (clock.now - started).inMilliseconds
        let duration = Double(frames) / fps
        print("device: \(device.info.name) — \(device.selectionReason)")
        print(
            "encoded \(frames) frame(s) of \(plan.scene.name) at \(plan.options.width)x\(plan.options.height), "
                + "\(codec.rawValue) → \(out): \(bytes) bytes, "
                + String(format: "%.0f kbit/s", Double(bytes) * 8 / duration / 1000)
                + " (target \(settings.bitrate / 1000) kbit/s), \(keyframes) keyframe(s)"
        )
        print(
            String(
                format: "wall %.2f s, encode %.2f ms/frame (%.0f fps)",
                wall / 1000,
                encodeTime.inMilliseconds / Double(frames),
                Double(frames) / (encodeTime.inMilliseconds / 1000)
            )
        )
    }

    private func outputFiles(frames: Int) throws -> [URL] {
        let target = URL(fileURLWithPath: out)
        if frames == 1 && out.lowercased().hasSuffix(".png") {
            return [target]
        }
        do {
            try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        } catch {
            throw ValidationError("cannot create output directory \(out): \(error.localizedDescription)")
        }
        return (0..<frames).map { target.appendingPathComponent(String(format: "frame-%05d.png", $0)) }
    }
}
