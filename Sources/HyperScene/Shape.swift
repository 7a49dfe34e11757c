public import HyperGeometry

/// The kind of polytope a scene object shows, as named in scene files.
public enum Shape: Hashable, Sendable {
    case regular(RegularPolytope)
    case duoprism(p: Int, q: Int)
    case cliffordTorus(major: Int, minor: Int)

    /// The polygon sizes a duoprism may have.
    public static let duoprismSideRange = 3...64
    /// The segment counts a Clifford torus may have along each of its circles.
    public static let torusSegmentRange = 3...256

    /// Builds the polytope, before any scene scaling (regular polytopes have circumradius 1).
    public func makePolytope() -> Polytope {
        switch self {
        case .regular(let polytope): polytope.make()
        case .duoprism(let p, let q): .duoprism(p, q)
        case .cliffordTorus(let major, let minor): .cliffordTorus(major, minor)
        }
    }
}
