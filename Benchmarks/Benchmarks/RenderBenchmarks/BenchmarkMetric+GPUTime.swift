import Benchmark

extension BenchmarkMetric {
    /// GPU time of one frame's transform, bin, raster and RGBA→I420 passes from Vulkan timestamp queries
    /// (`StageTimings.renderAndI420`), in microseconds: the figure the frame budget is set for.
    static var gpuRenderAndI420: BenchmarkMetric { .custom("GPU render+I420 (μs)") }
}
