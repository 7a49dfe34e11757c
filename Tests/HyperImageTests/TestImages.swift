import HyperImage

/// Deterministic SplitMix64 generator so failures reproduce.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Test image factories.
enum TestImages {
    /// Uniformly random bytes in every channel, alpha included.
    static func random(width: Int, height: Int, seed: UInt64) -> RGBAImage {
        var generator = SeededGenerator(seed: seed)
        let pixels = (0..<4 * width * height).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return RGBAImage(width: width, height: height, pixels: pixels)
    }

    /// Every channel randomly 0 or 255, the extremes where intermediate arithmetic could saturate.
    static func extremes(width: Int, height: Int, seed: UInt64) -> RGBAImage {
        var generator = SeededGenerator(seed: seed)
        let pixels = (0..<4 * width * height).map { _ in Bool.random(using: &generator) ? UInt8(255) : 0 }
        return RGBAImage(width: width, height: height, pixels: pixels)
    }

    /// A smooth colour gradient with opaque alpha.
    static func gradient(width: Int, height: Int) -> RGBAImage {
        var image = RGBAImage(width: width, height: height, fill: (0, 0, 0, 255))
        for y in 0..<height {
            for x in 0..<width {
                let r = UInt8(255 * x / max(width - 1, 1))
                let g = UInt8(255 * y / max(height - 1, 1))
                let b = UInt8((Int(r) + Int(g)) / 2)
                image[x, y] = (r, g, b, 255)
            }
        }
        return image
    }
}
