import Benchmark
import HyperRender

/// One frame through the Vulkan compute pipeline (transform → bin → raster → RGBA→I420) and the copy of its
/// I420 planes to the host, as `GPURenderer.render(time:readRGBA:)` does it for the encoder.
enum GPURenderBenchmarks {
    static let scenes = ["tesseract", "600-cell"]
    static let sizes = [(width: 1280, height: 720), (width: 1920, height: 1080)]

    static func register() {
        for scene in scenes {
            for size in sizes {
                Benchmark(
                    "GPURender.\(scene).\(size.width)x\(size.height)",
                    configuration: .init(
                        metrics: [.wallClock, .gpuRenderAndI420, .mallocCountTotal],
                        timeUnits: .milliseconds,
                        units: [.gpuRenderAndI420: .count],
                        warmupIterations: 1,
                        maxDuration: .seconds(4),
                        maxIterations: 40,
                        thresholds: [
                            .wallClock: .timeRegression,
                            .gpuRenderAndI420: .timeRegression,
                            .mallocCountTotal: .allocationChange,
                        ]
                    )
                ) { (benchmark: Benchmark, renderer: GPURenderer) in
                    let frame = try renderer.render(time: BenchmarkScenes.frameTime, readRGBA: false)
                    if let timings = frame.timings {
                        benchmark.measurement(.gpuRenderAndI420, Int((timings.renderAndI420 * 1000).rounded()))
                    }
                    blackHole(frame)
                } setup: {
                    let plan = try BenchmarkScenes.plan(scene: scene, width: size.width, height: size.height)
                    return try GPURenderer(device: VulkanDevice(), plan: plan, framesInFlight: 2)
                }
            }
        }
    }
}
