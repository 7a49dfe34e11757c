import Foundation
import HyperImage

/// Per-pixel accumulators of depth-weighted blended transparency for a band of rows, filled one primitive at a
/// time over its bounding box (the raster stage of Shaders/raster.comp, evaluated in the same per-pixel order).
struct CompositingCanvas {
    let width: Int
    let rows: Range<Int>
    let frame: FrameUniform
    private var red: [Float]
    private var green: [Float]
    private var blue: [Float]
    private var weight: [Float]
    private var revealage: [Float]

    init(width: Int, rows: Range<Int>, frame: FrameUniform) {
        self.width = width
        self.rows = rows
        self.frame = frame
        let count = width * rows.count
        red = Array(repeating: 0, count: count)
        green = red
        blue = red
        weight = red
        revealage = Array(repeating: 1, count: count)
    }

    mutating func draw(_ primitive: SIMD4<UInt32>, projected: [ProjectedVertex]) {
        let kind = primitive.x & 0xff
        let eye = Int(primitive.x >> 8)
        let a = projected[Int(primitive.y)]
        let b = projected[Int(primitive.z)]
        let c = projected[Int(primitive.w)]
        guard a.visible, b.visible, c.visible else { return }
        let margin: Float =
            switch kind {
            case 0: frame.vertexRadius * a.thickness + 1
            case 1: frame.edgeRadius * max(a.thickness, b.thickness) + 1
            default: 1
            }
        let eyeWidth = Float(frame.width) / Float(frame.eyeCount)
        let loX = max(min(a.x, b.x, c.x) - margin, eyeWidth * Float(eye))
        let loY = max(min(a.y, b.y, c.y) - margin, 0)
        let hiX = min(max(a.x, b.x, c.x) + margin, eyeWidth * Float(eye + 1)) - 0.001
        let hiY = min(max(a.y, b.y, c.y) + margin, Float(frame.height)) - 0.001
        guard loX <= hiX, loY <= hiY else { return }
        let firstRow = max(Int(loY), rows.lowerBound)
        let lastRow = min(Int(hiY), rows.upperBound - 1)
        guard firstRow <= lastRow else { return }
        guard let setup = PrimitiveSetup(kind: kind, a: a, b: b, c: c, frame: frame) else { return }
        for py in firstRow...lastRow {
            for px in Int(loX)...Int(hiX) {
                let x = Float(px) + 0.5
                let y = Float(py) + 0.5
                guard min(Int(x / eyeWidth), Int(frame.eyeCount) - 1) == eye else { continue }
                if let sample = setup.sample(x, y, a: a, b: b, c: c, frame: frame) {
                    accumulate(sample, at: (py - rows.lowerBound) * width + px)
                }
            }
        }
    }

    private mutating func accumulate(_ sample: PrimitiveSample, at index: Int) {
        guard sample.alpha > 0 else { return }
        let span = max(frame.depthFar - frame.depthNear, 1e-6)
        let d = min(max((sample.depth - frame.depthNear) / span, 0), 1)
        let closeness = 1 - 0.9 * d
        let w = sample.alpha * max(1e-2, 1000 * closeness * closeness * closeness)
        red[index] += sample.r * sample.alpha * w
        green[index] += sample.g * sample.alpha * w
        blue[index] += sample.b * sample.alpha * w
        weight[index] += sample.alpha * w
        revealage[index] *= 1 - sample.alpha
    }

    /// The band's pixels as sRGB RGBA8 rows.
    func resolve() -> [UInt8] {
        let count = width * rows.count
        var pixels = [UInt8](repeating: 255, count: count * 4)
        let background = frame.background
        for index in 0..<count {
            var r = background.x
            var g = background.y
            var b = background.z
            if weight[index] > 1e-8 {
                let coverage = 1 - revealage[index]
                r += (red[index] / weight[index] - r) * coverage
                g += (green[index] / weight[index] - g) * coverage
                b += (blue[index] / weight[index] - b) * coverage
            }
            pixels[index * 4] = Self.byte(r)
            pixels[index * 4 + 1] = Self.byte(g)
            pixels[index * 4 + 2] = Self.byte(b)
        }
        return pixels
    }

    /// Linear light to an 8-bit sRGB code value, as `encodeSRGB` in the raster shader.
    static func byte(_ value: Float) -> UInt8 {
        let c = min(max(value, 0), 1)
        let encoded = c > 0.0031308 ? 1.055 * powf(c, 1 / 2.4) - 0.055 : 12.92 * c
        return UInt8((encoded * 255 + 0.5).rounded(.down))
    }
}
