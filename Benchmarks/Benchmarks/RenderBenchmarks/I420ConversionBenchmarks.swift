import Benchmark
import HyperImage

/// The CPU's BT.601 RGBA→I420 conversion (`I420Frame(converting:)`, bit-exact with libyuv) of one 1080p frame.
enum I420ConversionBenchmarks {
    static func register() {
        Benchmark(
            "I420Conversion.1920x1080",
            configuration: .init(
                metrics: [.wallClock, .mallocCountTotal],
                timeUnits: .microseconds,
                warmupIterations: 2,
                maxDuration: .seconds(3),
                maxIterations: 100,
                thresholds: [.wallClock: .timeRegression, .mallocCountTotal: .allocationChange]
            )
        ) { (_: Benchmark, image: RGBAImage) in
            blackHole(I420Frame(converting: image))
        } setup: {
            gradient(width: 1920, height: 1080)
        }
    }

    /// A deterministic gradient: the conversion is branch-free integer arithmetic, so its cost depends on the size,
    /// not on the colours, and a rendered frame is not needed.
    static func gradient(width: Int, height: Int) -> RGBAImage {
        var pixels = [UInt8](repeating: 255, count: 4 * width * height)
        for y in 0..<height {
            for x in 0..<width {
                let offset = 4 * (y * width + x)
                pixels[offset] = UInt8(truncatingIfNeeded: x)
                pixels[offset + 1] = UInt8(truncatingIfNeeded: y)
                pixels[offset + 2] = UInt8(truncatingIfNeeded: x &+ 3 &* y)
            }
        }
        return RGBAImage(width: width, height: height, pixels: pixels)
    }
}
