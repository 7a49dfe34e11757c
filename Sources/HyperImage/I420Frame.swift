/// A planar 4:2:0 BT.601 limited-range frame (Y, U, V) in one buffer described by an `I420Layout`.
/// This is the input format of the VP8 encoder; stride padding bytes carry no image data.
public struct I420Frame: Equatable, Sendable {
    /// Plane geometry of `bytes`.
    public var layout: I420Layout
    /// The Y, U and V planes, `layout.byteCount` bytes.
    public var bytes: [UInt8]

    /// Wraps existing plane bytes; `bytes.count` must equal `layout.byteCount`.
    public init(layout: I420Layout, bytes: [UInt8]) {
        precondition(
            bytes.count == layout.byteCount,
            "I420 layout \(layout.width)x\(layout.height) needs \(layout.byteCount) bytes, got \(bytes.count)"
        )
        self.layout = layout
        self.bytes = bytes
    }

    /// Converts an RGBA image (even width and height; alpha ignored) with the same integer arithmetic as libyuv's
    /// x86 `ABGRToI420`; chroma is the 2x2 average of each block. Stride padding is zero.
    public init(converting image: RGBAImage, strideAlignment: Int = 16) {
        let layout = I420Layout(width: image.width, height: image.height, strideAlignment: strideAlignment)
        var bytes = [UInt8](repeating: 0, count: layout.byteCount)
        let rowBytes = 4 * image.width
        image.pixels.withUnsafeBufferPointer { source in
            bytes.withUnsafeMutableBufferPointer { planes in
                for chromaRow in 0..<layout.chromaHeight {
                    let top = 2 * chromaRow * rowBytes
                    let bottom = top + rowBytes
                    let yTop = layout.yOffset + 2 * chromaRow * layout.yStride
                    let yBottom = yTop + layout.yStride
                    for x in 0..<layout.width {
                        planes[yTop + x] = Self.luma(source, top + 4 * x)
                        planes[yBottom + x] = Self.luma(source, bottom + 4 * x)
                    }
                    let uRow = layout.uOffset + chromaRow * layout.uvStride
                    let vRow = layout.vOffset + chromaRow * layout.uvStride
                    for chromaColumn in 0..<layout.chromaWidth {
                        let upper = top + 8 * chromaColumn
                        let lower = bottom + 8 * chromaColumn
                        let r = Self.blockMean(source, upper, lower)
                        let g = Self.blockMean(source, upper + 1, lower + 1)
                        let b = Self.blockMean(source, upper + 2, lower + 2)
                        planes[uRow + chromaColumn] = BT601.blueDifference(r: r, g: g, b: b)
                        planes[vRow + chromaColumn] = BT601.redDifference(r: r, g: g, b: b)
                    }
                }
            }
        }
        self.init(layout: layout, bytes: bytes)
    }

    /// The luma sample at pixel (`x`, `y`).
    public func y(_ x: Int, _ y: Int) -> UInt8 {
        precondition(x >= 0 && x < layout.width && y >= 0 && y < layout.height, "luma (\(x), \(y)) out of range")
        return bytes[layout.yOffset + y * layout.yStride + x]
    }

    /// The U (Cb) sample at chroma position (`cx`, `cy`), covering pixels (2cx...2cx+1, 2cy...2cy+1).
    public func u(_ cx: Int, _ cy: Int) -> UInt8 {
        bytes[chromaIndex(layout.uOffset, cx, cy)]
    }

    /// The V (Cr) sample at chroma position (`cx`, `cy`), covering pixels (2cx...2cx+1, 2cy...2cy+1).
    public func v(_ cx: Int, _ cy: Int) -> UInt8 {
        bytes[chromaIndex(layout.vOffset, cx, cy)]
    }

    /// Converts back to opaque RGBA (BT.601 limited range, nearest-neighbour chroma) for previews and comparisons.
    public func toRGBA() -> RGBAImage {
        let layout = layout
        var pixels = [UInt8](repeating: 255, count: 4 * layout.width * layout.height)
        bytes.withUnsafeBufferPointer { planes in
            pixels.withUnsafeMutableBufferPointer { target in
                for y in 0..<layout.height {
                    let yRow = layout.yOffset + y * layout.yStride
                    let uRow = layout.uOffset + (y / 2) * layout.uvStride
                    let vRow = layout.vOffset + (y / 2) * layout.uvStride
                    for x in 0..<layout.width {
                        let rgb = BT601.rgb(y: planes[yRow + x], u: planes[uRow + x / 2], v: planes[vRow + x / 2])
                        let base = 4 * (y * layout.width + x)
                        target[base] = rgb.r
                        target[base + 1] = rgb.g
                        target[base + 2] = rgb.b
                    }
                }
            }
        }
        return RGBAImage(width: layout.width, height: layout.height, pixels: pixels)
    }

    @inline(__always)
    private static func luma(_ source: UnsafeBufferPointer<UInt8>, _ pixel: Int) -> UInt8 {
        BT601.luma(r: Int(source[pixel]), g: Int(source[pixel + 1]), b: Int(source[pixel + 2]))
    }

    /// The 2x2 average of one channel, given that channel's byte in the top-left and bottom-left pixels.
    @inline(__always)
    private static func blockMean(_ source: UnsafeBufferPointer<UInt8>, _ upper: Int, _ lower: Int) -> Int {
        BT601.average(
            topLeft: source[upper], topRight: source[upper + 4], bottomLeft: source[lower],
            bottomRight: source[lower + 4])
    }

    private func chromaIndex(_ planeOffset: Int, _ cx: Int, _ cy: Int) -> Int {
        precondition(
            cx >= 0 && cx < layout.chromaWidth && cy >= 0 && cy < layout.chromaHeight,
            "chroma (\(cx), \(cy)) out of range"
        )
        return planeOffset + cy * layout.uvStride + cx
    }
}
