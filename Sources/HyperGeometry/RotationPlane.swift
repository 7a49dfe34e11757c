/// One of the six coordinate planes of 4D space. Rotations in 4D turn a plane and fix its orthogonal complement,
/// so they are named by planes rather than by axes.
public enum RotationPlane: String, CaseIterable, Sendable, Codable {
    case xy, xz, xw, yz, yw, zw

    /// The indices of the two axes spanning the plane; a positive rotation turns the first toward the second.
    public var axes: (Int, Int) {
        switch self {
        case .xy: (0, 1)
        case .xz: (0, 2)
        case .xw: (0, 3)
        case .yz: (1, 2)
        case .yw: (1, 3)
        case .zw: (2, 3)
        }
    }

    /// The completely orthogonal plane, spanned by the two remaining axes; rotations in the two planes commute.
    public var orthogonalComplement: RotationPlane {
        switch self {
        case .xy: .zw
        case .xz: .yw
        case .xw: .yz
        case .yz: .xw
        case .yw: .xz
        case .zw: .xy
        }
    }
}
