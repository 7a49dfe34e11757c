import Benchmark
import HyperRender

/// The plain-Swift CPU reference renderer that tests compare the GPU output against, on a thumbnail of the
/// 600-cell with faces: its speed bounds how large the GPU-vs-CPU test pictures can be.
enum ReferenceRenderBenchmarks {
    static func register() {
        Benchmark(
            "CPUReference.600-cell.320x180",
            configuration: .init(
                metrics: [.wallClock, .mallocCountTotal],
                timeUnits: .microseconds,
                warmupIterations: 1,
                maxDuration: .seconds(3),
                maxIterations: 100,
                thresholds: [.wallClock: .timeRegression, .mallocCountTotal: .allocationChange]
            )
        ) { (_: Benchmark, reference: CPUReferenceRenderer) in
            blackHole(try reference.render(time: BenchmarkScenes.frameTime))
        } setup: {
            CPUReferenceRenderer(plan: try BenchmarkScenes.plan(scene: "600-cell", width: 320, height: 180))
        }
    }
}
