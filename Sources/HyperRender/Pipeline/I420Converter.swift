internal import CYUV
import Foundation
public import HyperImage

/// Where a rendered frame's RGBA becomes the encoder's I420: the compute shader on the Vulkan device, or libyuv's
/// SIMD `ABGRToI420` on the CPU from the RGBA readback. On a GPU the shader wins by far; on a CPU Vulkan driver
/// (lavapipe) the shader is 20–40× slower than libyuv on the same cores, so the renderer measures both at start.
public enum I420Converter: String, Sendable, CaseIterable {
    case shader
    case libyuv

    static func milliseconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) * 1e3 + Double(parts.attoseconds) / 1e15
    }

    /// Converts packed RGBA8 rows into `planes` laid out as `layout` (stride padding left as it is).
    public static func convertWithLibyuv(
        rgba: UnsafeRawBufferPointer,
        into planes: UnsafeMutableRawBufferPointer,
        layout: I420Layout
    ) {
        let source = rgba.baseAddress!.assumingMemoryBound(to: UInt8.self)
        let base = planes.baseAddress!.assumingMemoryBound(to: UInt8.self)
        _ = ABGRToI420(
            source, Int32(layout.width * 4),
            base + layout.yOffset, Int32(layout.yStride),
            base + layout.uOffset, Int32(layout.uvStride),
            base + layout.vOffset, Int32(layout.uvStride),
            Int32(layout.width), Int32(layout.height)
        )
    }
}

/// What the renderer measured when it chose its `I420Converter`: median milliseconds per frame of each.
public struct I420Calibration: Sendable, Equatable, CustomStringConvertible {
    /// The shader's GPU time (timestamp queries); nil where the device has no timestamps.
    public var shaderMilliseconds: Double?
    public var libyuvMilliseconds: Double
    public var chosen: I420Converter

    public var description: String {
        let shader = shaderMilliseconds.map { String(format: "%.3f ms", $0) } ?? "not timed"
        return
            "RGBA→I420 by \(chosen.rawValue) (shader \(shader), libyuv \(String(format: "%.3f ms", libyuvMilliseconds)))"
    }
}
