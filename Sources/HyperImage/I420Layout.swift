/// Plane geometry of a planar 4:2:0 frame in one contiguous buffer: Y, then U, then V, each row padded to its stride.
/// Chroma planes are half the luma size in both directions, so width and height must be even.
public struct I420Layout: Equatable, Sendable {
    /// Visible luma width in pixels (even).
    public var width: Int
    /// Visible luma height in pixels (even).
    public var height: Int
    /// Bytes per Y row, at least `width`.
    public var yStride: Int
    /// Bytes per U and V row, at least `width / 2`.
    public var uvStride: Int
    /// Byte offset of the Y plane (always 0).
    public var yOffset: Int
    /// Byte offset of the U plane.
    public var uOffset: Int
    /// Byte offset of the V plane.
    public var vOffset: Int
    /// Total buffer size in bytes.
    public var byteCount: Int

    /// Lays out a `width`x`height` frame with each plane's stride rounded up to a multiple of `strideAlignment`.
    public init(width: Int, height: Int, strideAlignment: Int = 16) {
        precondition(
            width > 0 && height > 0 && width.isMultiple(of: 2) && height.isMultiple(of: 2),
            "I420 dimensions must be positive and even, got \(width)x\(height)"
        )
        precondition(strideAlignment > 0, "stride alignment must be positive, got \(strideAlignment)")
        self.width = width
        self.height = height
        yStride = Self.roundUp(width, to: strideAlignment)
        uvStride = Self.roundUp(width / 2, to: strideAlignment)
        yOffset = 0
        uOffset = yStride * height
        vOffset = uOffset + uvStride * (height / 2)
        byteCount = vOffset + uvStride * (height / 2)
    }

    /// Width of the U and V planes in samples.
    public var chromaWidth: Int { width / 2 }

    /// Height of the U and V planes in samples.
    public var chromaHeight: Int { height / 2 }

    private static func roundUp(_ value: Int, to alignment: Int) -> Int {
        (value + alignment - 1) / alignment * alignment
    }
}
