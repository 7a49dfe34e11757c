import Benchmark
import HyperGeometry

/// Generating the 120-cell (600 vertices, 1200 edges, 720 pentagons, 120 cells) from its vertex set.
///
/// `RegularPolytope.make()` builds each polytope once per process and caches it, and package-benchmark runs every
/// benchmark in a fresh process: so the one measured iteration, with no warm-up, is the one real generation.
enum PolytopeGenerationBenchmarks {
    static func register() {
        Benchmark(
            "PolytopeGeneration.120-cell",
            configuration: .init(
                metrics: [.wallClock, .mallocCountTotal],
                timeUnits: .microseconds,
                warmupIterations: 0,
                maxIterations: 1,
                thresholds: [.wallClock: .timeRegression, .mallocCountTotal: .allocationChange]
            )
        ) { _ in
            blackHole(RegularPolytope.hecatonicosachoron.make())
        }
    }
}
