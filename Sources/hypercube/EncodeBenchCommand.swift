import ArgumentParser
import Foundation
import HyperMedia
import HyperRender
import HyperScene

/// `hypercube bench encode`: frames per second of our libvpx wrapper on rendered frames, and of `vpxenc`
/// (Debian's vpx-tools) on the same raw I420 with the same settings, as a ratio measured in the same run.
struct EncodeBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "encode", abstract: "Benchmark video encoding.")

    @Option(help: "Scene whose rendered frames are encoded.")
    var scene: String = SceneCatalog.defaultSceneName

    @Option(help: "Comma-separated codecs.")
    var codecs: String = "vp8,vp9"

    @Option(help: "Comma-separated sizes.")
    var sizes: String = "1280x720,1920x1080"

    @Option(help: "Comma-separated encoder thread counts.")
    var threads: String = "1,2"

    @Option(help: "Frames per case.")
    var frames: Int = 120

    @Option(help: "Frame rate the encoder is told (scene time advances by 1/fps per frame).")
    var fps: Double = 60

    @Option(help: "Bitrate.")
    var bitrate: String = "2M"

    @Option(help: "Path to vpxenc.")
    var vpxenc: String = "/usr/bin/vpxenc"

    func run() throws {
        do {
            try measure()
        } catch {
            throw fail(error)
        }
    }

    private func measure() throws {
        let device = try VulkanDevice()
        let benchmark = EncodeBenchmark(
            scene: try SceneArgument.load(scene), codecs: codecs.split(separator: ",").map(String.init),
            sizes: sizes.split(separator: ",").map(String.init),
            threads: threads.split(separator: ",").compactMap { Int($0) }, frames: frames, fps: fps,
            bitrate: try EncoderSettings.parseBitrate(bitrate), vpxenc: vpxenc)
        print(benchmark.summary(device: device))
        print(EncodeBenchmark.markdownHeader)
        _ = try benchmark.measure(device: device) { print($0.markdownRow) }
    }
}
