/// GPU time spent in each stage of one frame, from Vulkan timestamp queries, in milliseconds.
public struct StageTimings: Sendable, Equatable {
    public var transform: Double
    public var bin: Double
    public var raster: Double
    public var i420: Double
    public var readback: Double

    public static let stageNames = ["transform", "bin", "raster", "i420", "readback"]

    /// Render plus colour conversion, the figure the GPU budget is set for.
    public var renderAndI420: Double { transform + bin + raster + i420 }
    public var total: Double { renderAndI420 + readback }
    public var values: [Double] { [transform, bin, raster, i420, readback] }
}
