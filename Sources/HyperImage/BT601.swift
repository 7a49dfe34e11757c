/// BT.601 limited-range ("studio swing") integer colour conversion between 8-bit RGB and Y'CbCr.
/// The forward direction is bit-exact with libyuv's x86 `ABGRToI420` (SSSE3/AVX2 rows and the matching C rows).
enum BT601 {
    /// Y = (66R + 129G + 25B + 0x1080) >> 8, giving 16 for black and 235 for white.
    @inline(__always)
    static func luma(r: Int, g: Int, b: Int) -> UInt8 {
        UInt8(truncatingIfNeeded: (66 * r + 129 * g + 25 * b + 0x1080) >> 8)
    }

    /// U = (112B - 74G - 38R + 0x8000) >> 8; libyuv's x86 code adds 128 after an arithmetic shift, without rounding.
    @inline(__always)
    static func blueDifference(r: Int, g: Int, b: Int) -> UInt8 {
        UInt8(truncatingIfNeeded: (112 * b - 74 * g - 38 * r + 0x8000) >> 8)
    }

    /// V = (112R - 94G - 18B + 0x8000) >> 8, truncating like libyuv's x86 code.
    @inline(__always)
    static func redDifference(r: Int, g: Int, b: Int) -> UInt8 {
        UInt8(truncatingIfNeeded: (112 * r - 94 * g - 18 * b + 0x8000) >> 8)
    }

    /// The 2x2 subsampling average libyuv uses on x86: two rounding byte averages (`pavgb`), vertical first.
    /// `topLeft`, `topRight` come from the upper row and `bottomLeft`, `bottomRight` from the lower row.
    @inline(__always)
    static func average(topLeft: UInt8, topRight: UInt8, bottomLeft: UInt8, bottomRight: UInt8) -> Int {
        roundingAverage(
            roundingAverage(Int(topLeft), Int(bottomLeft)), roundingAverage(Int(topRight), Int(bottomRight)))
    }

    /// Converts one limited-range Y'CbCr sample back to full-range RGB with 8-bit fixed-point coefficients.
    @inline(__always)
    static func rgb(y: UInt8, u: UInt8, v: UInt8) -> (r: UInt8, g: UInt8, b: UInt8) {
        let c = 298 * (Int(y) - 16)
        let d = Int(u) - 128
        let e = Int(v) - 128
        return (
            clamp((c + 409 * e + 128) >> 8),
            clamp((c - 100 * d - 208 * e + 128) >> 8),
            clamp((c + 516 * d + 128) >> 8)
        )
    }

    @inline(__always)
    private static func roundingAverage(_ a: Int, _ b: Int) -> Int {
        (a + b + 1) >> 1
    }

    @inline(__always)
    private static func clamp(_ value: Int) -> UInt8 {
        UInt8(min(max(value, 0), 255))
    }
}
