public import HyperGeometry

/// One polytope placed in 4D world space, spinning at constant angular velocity in any of the six rotation planes.
/// Its pose is a pure function of time, so any frame can be rendered independently.
public struct SceneObject: Equatable, Sendable {
    public var shape: Shape
    /// Centre of the object in 4D world space.
    public var position: Vector4
    /// Uniform scale applied to the polytope (regular ones have circumradius 1), > 0.
    public var scale: Double
    /// Rotation angle at time 0 for each plane, radians; missing planes are 0.
    public var initialAngles: [RotationPlane: Double]
    /// Radians per second for each plane; missing planes are 0.
    public var angularVelocity: [RotationPlane: Double]
    public var colorMap: ColorMap
    /// The world-space w values mapped to colour-map positions 0 and 1 (see `color(of:at:)`).
    public var wRange: ClosedRange<Double>

    /// Creates an object; `wRange` defaults to `position.w ± scale`, which spans the whole object.
    public init(
        shape: Shape,
        position: Vector4 = .zero,
        scale: Double = 1,
        initialAngles: [RotationPlane: Double] = [:],
        angularVelocity: [RotationPlane: Double] = [:],
        colorMap: ColorMap = .standard,
        wRange: ClosedRange<Double>? = nil
    ) {
        self.shape = shape
        self.position = position
        self.scale = scale
        self.initialAngles = initialAngles
        self.angularVelocity = angularVelocity
        self.colorMap = colorMap
        self.wRange = wRange ?? Self.spanningWRange(position: position, scale: scale)
    }

    /// The rotation at `time` seconds, a pure function of time:
    /// `R_xy(θ_xy) * R_xz(θ_xz) * R_xw(θ_xw) * R_yz(θ_yz) * R_yw(θ_yw) * R_zw(θ_zw)`,
    /// with `θ_p = initialAngles[p] + angularVelocity[p] * time`.
    public func rotation(at time: Double) -> Matrix4 {
        var rotation = Matrix4.identity
        for plane in RotationPlane.allCases {
            let angle = (initialAngles[plane] ?? 0) + (angularVelocity[plane] ?? 0) * time
            rotation = rotation * Matrix4.rotation(in: plane, by: angle)
        }
        return rotation
    }

    /// Maps a polytope vertex into world space at `time`: `rotation(at: time) * (p * scale) + position`.
    public func transform(_ p: Vector4, at time: Double) -> Vector4 {
        rotation(at: time) * (p * scale) + position
    }

    /// `transform(_:at:)` applied to every point, computing the rotation once.
    public func transform(_ points: [Vector4], at time: Double) -> [Vector4] {
        let rotation = rotation(at: time)
        return points.map { rotation * ($0 * scale) + position }
    }

    /// The colour of a polytope vertex at `time`: its world w, `transform(p, at: time).w`, mapped linearly from
    /// `wRange` onto the colour map's 0...1.
    public func color(of p: Vector4, at time: Double) -> RGB {
        let width = wRange.upperBound - wRange.lowerBound
        return colorMap.color(at: width > 0 ? (transform(p, at: time).w - wRange.lowerBound) / width : 0.5)
    }

    /// The w range a polytope of circumradius 1 covers once scaled and placed: `position.w - scale ... + scale`.
    public static func spanningWRange(position: Vector4, scale: Double) -> ClosedRange<Double> {
        (position.w - scale)...(position.w + scale)
    }
}
