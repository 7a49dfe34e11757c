/// A point or direction in three-dimensional space: where 4D geometry lands after a `Projection4D`.
public struct Vector3: Hashable, Sendable {
    public var x: Double
    public var y: Double
    public var z: Double

    public init(_ x: Double, _ y: Double, _ z: Double) {
        self.x = x
        self.y = y
        self.z = z
    }

    public static let zero = Vector3(0, 0, 0)

    public static func + (a: Vector3, b: Vector3) -> Vector3 {
        Vector3(a.x + b.x, a.y + b.y, a.z + b.z)
    }

    public static func - (a: Vector3, b: Vector3) -> Vector3 {
        Vector3(a.x - b.x, a.y - b.y, a.z - b.z)
    }

    public static prefix func - (v: Vector3) -> Vector3 {
        Vector3(-v.x, -v.y, -v.z)
    }

    public static func * (v: Vector3, s: Double) -> Vector3 {
        Vector3(v.x * s, v.y * s, v.z * s)
    }

    public static func * (s: Double, v: Vector3) -> Vector3 {
        v * s
    }

    public static func / (v: Vector3, s: Double) -> Vector3 {
        Vector3(v.x / s, v.y / s, v.z / s)
    }

    public static func += (a: inout Vector3, b: Vector3) {
        a = a + b
    }

    public static func -= (a: inout Vector3, b: Vector3) {
        a = a - b
    }

    public func dot(_ o: Vector3) -> Double {
        x * o.x + y * o.y + z * o.z
    }

    public func cross(_ o: Vector3) -> Vector3 {
        Vector3(y * o.z - z * o.y, z * o.x - x * o.z, x * o.y - y * o.x)
    }

    public var lengthSquared: Double {
        dot(self)
    }

    public var length: Double {
        lengthSquared.squareRoot()
    }

    /// The unit vector in the same direction; the zero vector is returned unchanged.
    public func normalized() -> Vector3 {
        let length = length
        return length > 0 ? self / length : self
    }
}
