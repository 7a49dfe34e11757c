/// A point or direction in four-dimensional Euclidean space.
///
/// `w` is the fourth axis: the one that projections collapse and slices cut across.
public struct Vector4: Hashable, Sendable {
    public var x: Double
    public var y: Double
    public var z: Double
    public var w: Double

    public init(_ x: Double, _ y: Double, _ z: Double, _ w: Double) {
        self.x = x
        self.y = y
        self.z = z
        self.w = w
    }

    public static let zero = Vector4(0, 0, 0, 0)

    /// The component along axis `i`: 0 is x, 1 is y, 2 is z, 3 is w.
    public subscript(i: Int) -> Double {
        get {
            switch i {
            case 0: x
            case 1: y
            case 2: z
            case 3: w
            default: preconditionFailure("Vector4 axis \(i) is outside 0..<4")
            }
        }
        set {
            switch i {
            case 0: x = newValue
            case 1: y = newValue
            case 2: z = newValue
            case 3: w = newValue
            default: preconditionFailure("Vector4 axis \(i) is outside 0..<4")
            }
        }
    }

    public static func + (a: Vector4, b: Vector4) -> Vector4 {
        Vector4(a.x + b.x, a.y + b.y, a.z + b.z, a.w + b.w)
    }

    public static func - (a: Vector4, b: Vector4) -> Vector4 {
        Vector4(a.x - b.x, a.y - b.y, a.z - b.z, a.w - b.w)
    }

    public static prefix func - (v: Vector4) -> Vector4 {
        Vector4(-v.x, -v.y, -v.z, -v.w)
    }

    public static func * (v: Vector4, s: Double) -> Vector4 {
        Vector4(v.x * s, v.y * s, v.z * s, v.w * s)
    }

    public static func * (s: Double, v: Vector4) -> Vector4 {
        v * s
    }

    public static func / (v: Vector4, s: Double) -> Vector4 {
        Vector4(v.x / s, v.y / s, v.z / s, v.w / s)
    }

    public static func += (a: inout Vector4, b: Vector4) {
        a = a + b
    }

    public static func -= (a: inout Vector4, b: Vector4) {
        a = a - b
    }

    public func dot(_ o: Vector4) -> Double {
        x * o.x + y * o.y + z * o.z + w * o.w
    }

    public var lengthSquared: Double {
        dot(self)
    }

    public var length: Double {
        lengthSquared.squareRoot()
    }

    /// The unit vector in the same direction; the zero vector is returned unchanged.
    public func normalized() -> Vector4 {
        let length = length
        return length > 0 ? self / length : self
    }

    /// The ternary cross product: a vector orthogonal to `a`, `b` and `c` whose length is the volume of the
    /// parallelepiped they span. It is the normal of the hyperplane they span, as the 3D cross product is of a plane.
    static func cross(_ a: Vector4, _ b: Vector4, _ c: Vector4) -> Vector4 {
        func det3(
            _ a0: Double, _ a1: Double, _ a2: Double, _ b0: Double, _ b1: Double, _ b2: Double,
            _ c0: Double, _ c1: Double, _ c2: Double
        ) -> Double {
            a0 * (b1 * c2 - b2 * c1) - a1 * (b0 * c2 - b2 * c0) + a2 * (b0 * c1 - b1 * c0)
        }
        return Vector4(
            det3(a.y, a.z, a.w, b.y, b.z, b.w, c.y, c.z, c.w),
            -det3(a.x, a.z, a.w, b.x, b.z, b.w, c.x, c.z, c.w),
            det3(a.x, a.y, a.w, b.x, b.y, b.w, c.x, c.y, c.w),
            -det3(a.x, a.y, a.z, b.x, b.y, b.z, c.x, c.y, c.z)
        )
    }
}
