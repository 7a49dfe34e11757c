/// An 8-bit-per-channel RGBA image: row-major, tightly packed, 4 bytes per pixel in R, G, B, A order.
/// `pixels.count` is always `4 * width * height`.
public struct RGBAImage: Equatable, Sendable {
    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int
    /// The pixel bytes, `4 * width` bytes per row with no padding.
    public var pixels: [UInt8]

    /// Wraps existing pixel bytes; `pixels.count` must equal `4 * width * height`.
    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(width >= 0 && height >= 0, "RGBAImage dimensions must be non-negative, got \(width)x\(height)")
        precondition(
            pixels.count == 4 * width * height,
            "RGBAImage \(width)x\(height) needs \(4 * width * height) bytes, got \(pixels.count)"
        )
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// Creates an image with every pixel set to `fill` (r, g, b, a).
    public init(width: Int, height: Int, fill: (UInt8, UInt8, UInt8, UInt8)) {
        precondition(width >= 0 && height >= 0, "RGBAImage dimensions must be non-negative, got \(width)x\(height)")
        var pixels = [UInt8](repeating: 0, count: 4 * width * height)
        pixels.withUnsafeMutableBufferPointer { buffer in
            for base in stride(from: 0, to: buffer.count, by: 4) {
                buffer[base] = fill.0
                buffer[base + 1] = fill.1
                buffer[base + 2] = fill.2
                buffer[base + 3] = fill.3
            }
        }
        self.init(width: width, height: height, pixels: pixels)
    }

    /// The pixel at column `x`, row `y` (origin top-left).
    public subscript(x: Int, y: Int) -> (r: UInt8, g: UInt8, b: UInt8, a: UInt8) {
        get {
            let base = byteOffset(x: x, y: y)
            return (pixels[base], pixels[base + 1], pixels[base + 2], pixels[base + 3])
        }
        set {
            let base = byteOffset(x: x, y: y)
            pixels[base] = newValue.r
            pixels[base + 1] = newValue.g
            pixels[base + 2] = newValue.b
            pixels[base + 3] = newValue.a
        }
    }

    private func byteOffset(x: Int, y: Int) -> Int {
        precondition(x >= 0 && x < width && y >= 0 && y < height, "pixel (\(x), \(y)) outside \(width)x\(height)")
        return 4 * (y * width + x)
    }
}
