import ArgumentParser
import Foundation
import HyperImage
import HyperRender
import HyperScene

/// `hypercube render`: a scene at a time, or a run of frames, to PNG files.
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render a scene to PNG: one frame (--time) or a sequence (--frames, --fps) into a directory."
    )

    @Option(help: "Scene name (see assets/scenes) or path to a scene .json file.")
    var scene: String = SceneCatalog.defaultSceneName

    @Option(help: "Scene time in seconds of the (first) frame.")
    var time: Double = 0

    @Option(help: "Number of frames; more than one writes frame-NNNNN.png files into --out.")
    var frames: Int = 1

    @Option(help: "Frames per second of a sequence.")
    var fps: Double = 30

    @Option(help: "Picture size WIDTHxHEIGHT (even, at most 7680x4320).")
    var size: String = "1280x720"

    @Option(help: "Output .png file, or a directory for a sequence.")
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

    private func render() throws {
        guard frames >= 1 else { throw ValidationError("--frames must be at least 1") }
        guard fps > 0, fps.isFinite else { throw ValidationError("--fps must be positive") }
        let (width, height) = try RenderOptions.parseSize(size)
        let scene = try SceneArgument.load(self.scene)
        var options = try RenderOptions(scene: scene, width: width, height: height)
        if let faces { options.style.faces = faces }
        if let stereo { options.camera.stereo = stereo }
        let plan = try RenderPlan(scene: scene, options: options)
        let outputs = try outputFiles()
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
        var pending: [(FrameTicket, URL)] = []
        let started = Date()
        for (t, url) in zip(times, outputs) {
            pending.append((try renderer.submit(time: t, readRGBA: true), url))
            if pending.count == renderer.framesInFlight {
                let (ticket, file) = pending.removeFirst()
                try write(renderer.wait(ticket), to: file, totals: &gpuTotals)
            }
        }
        for (ticket, file) in pending {
            try write(renderer.wait(ticket), to: file, totals: &gpuTotals)
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

    private func outputFiles() throws -> [URL] {
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
