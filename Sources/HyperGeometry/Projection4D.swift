/// A map from 4D space to 3D space that collapses the w axis. The formulas are normative: the GPU vertex shader
/// mirrors them exactly.
public enum Projection4D: Sendable, Equatable {
    /// Perspective from an eye on the w axis at w = `eyeW`: (x, y, z) · eyeW / max(eyeW − w, 0.05).
    case perspective(eyeW: Double)
    /// Stereographic projection from the pole (0, 0, 0, `radius`) of the 3-sphere of that radius onto w = 0:
    /// (x, y, z) / max(1 − w / radius, 0.05).
    case stereographic(radius: Double)
    /// Parallel projection along w: (x, y, z).
    case orthographic

    /// The lowest denominator allowed, keeping points at or behind the eye (or the pole) finite.
    static let minimumDenominator = 0.05

    public func project(_ p: Vector4) -> Vector3 {
        let scale =
            switch self {
            case .perspective(let eyeW): eyeW / max(eyeW - p.w, Self.minimumDenominator)
            case .stereographic(let radius): 1 / max(1 - p.w / radius, Self.minimumDenominator)
            case .orthographic: 1.0
            }
        return Vector3(p.x * scale, p.y * scale, p.z * scale)
    }
}
