import Benchmark

/// Every benchmark in this target; package-benchmark's generated `main` registers them, and runs each one in a
/// process of its own.
let benchmarks: @Sendable () -> Void = {
    GPURenderBenchmarks.register()
    I420ConversionBenchmarks.register()
    ReferenceRenderBenchmarks.register()
    PolytopeGenerationBenchmarks.register()
}
