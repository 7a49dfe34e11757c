/// What one primitive contributes at one pixel: coverage-weighted alpha, depth and linear colour.
struct PrimitiveSample {
    var alpha: Float
    var depth: Float
    var r: Float
    var g: Float
    var b: Float
}

/// The per-primitive set-up of Shaders/bin.comp (`PrimitiveSetup`) and its per-pixel evaluation in
/// Shaders/raster.comp, in the same arithmetic, so the reference and the GPU agree to rounding.
enum PrimitiveSetup {
    case disc(x: Float, y: Float, radius: Float)
    case segment(x: Float, y: Float, dx: Float, dy: Float, inverseLengthSquared: Float, radiusA: Float, radiusB: Float)
    case triangle(SIMD4<Float>, SIMD4<Float>, SIMD4<Float>)

    init?(kind: UInt32, a: ProjectedVertex, b: ProjectedVertex, c: ProjectedVertex, frame: FrameUniform) {
        switch kind {
        case 0:
            self = .disc(x: a.x, y: a.y, radius: frame.vertexRadius * a.thickness)
        case 1:
            let dx = b.x - a.x
            let dy = b.y - a.y
            let lengthSquared = dx * dx + dy * dy
            self = .segment(
                x: a.x,
                y: a.y,
                dx: dx,
                dy: dy,
                inverseLengthSquared: lengthSquared > 1e-12 ? 1 / lengthSquared : 0,
                radiusA: frame.edgeRadius * a.thickness,
                radiusB: frame.edgeRadius * b.thickness
            )
        default:
            let area = (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x)
            guard abs(area) >= 1e-6 else { return nil }
            let orientation: Float = area > 0 ? 1 : -1
            self = .triangle(
                Self.edgeEquation(b, c, orientation),
                Self.edgeEquation(c, a, orientation),
                Self.edgeEquation(a, b, orientation)
            )
        }
    }

    /// The line p0→p1 as (n.x, n.y, c, |p1 − p0|) with n·p + c the signed distance, positive inside.
    static func edgeEquation(_ p0: ProjectedVertex, _ p1: ProjectedVertex, _ orientation: Float) -> SIMD4<Float> {
        let dx = p1.x - p0.x
        let dy = p1.y - p0.y
        let length = (dx * dx + dy * dy).squareRoot()
        let inverse = orientation / max(length, 1e-12)
        return SIMD4(-dy * inverse, dx * inverse, (dy * p0.x - dx * p0.y) * inverse, length)
    }

    func sample(
        _ x: Float,
        _ y: Float,
        a: ProjectedVertex,
        b: ProjectedVertex,
        c: ProjectedVertex,
        frame: FrameUniform
    ) -> PrimitiveSample? {
        func coverage(_ signedInside: Float) -> Float {
            if frame.antialias > 0.5 { return min(max(signedInside + 0.5, 0), 1) }
            return signedInside >= 0 ? 1 : 0
        }
        switch self {
        case .disc(let cx, let cy, let radius):
            let d = ((x - cx) * (x - cx) + (y - cy) * (y - cy)).squareRoot()
            let alpha = coverage(radius - d) * frame.edgeOpacity
            guard alpha > 0 else { return nil }
            return PrimitiveSample(alpha: alpha, depth: a.depth, r: a.r, g: a.g, b: a.b)
        case .segment(let sx, let sy, let dx, let dy, let inverseLengthSquared, let radiusA, let radiusB):
            let t = min(max(((x - sx) * dx + (y - sy) * dy) * inverseLengthSquared, 0), 1)
            let radius = radiusA + (radiusB - radiusA) * t
            let ox = x - (sx + t * dx)
            let oy = y - (sy + t * dy)
            let alpha = coverage(radius - (ox * ox + oy * oy).squareRoot()) * frame.edgeOpacity
            guard alpha > 0 else { return nil }
            return PrimitiveSample(
                alpha: alpha,
                depth: a.depth + (b.depth - a.depth) * t,
                r: a.r + (b.r - a.r) * t,
                g: a.g + (b.g - a.g) * t,
                b: a.b + (b.b - a.b) * t
            )
        case .triangle(let ea, let eb, let ec):
            let da = ea.x * x + ea.y * y + ea.z
            let db = eb.x * x + eb.y * y + eb.z
            let dc = ec.x * x + ec.y * y + ec.z
            let alpha = coverage(min(da, db, dc)) * frame.faceOpacity
            guard alpha > 0 else { return nil }
            var wa = max(da * ea.w, 0)
            var wb = max(db * eb.w, 0)
            var wc = max(dc * ec.w, 0)
            let sum = max(wa + wb + wc, 1e-12)
            wa /= sum
            wb /= sum
            wc /= sum
            return PrimitiveSample(
                alpha: alpha,
                depth: wa * a.depth + wb * b.depth + wc * c.depth,
                r: wa * a.r + wb * b.r + wc * c.r,
                g: wa * a.g + wb * b.g + wc * c.g,
                b: wa * a.b + wb * b.b + wc * c.b
            )
        }
    }
}
