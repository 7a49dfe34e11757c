public import HyperGeometry

/// How a scene maps 4D world space into 3D: one of the `Projection4D` mappings, or a hyperplane cross-section.
public enum SceneProjection: Hashable, Sendable {
    case perspective(eyeW: Double)
    case stereographic(radius: Double)
    case orthographic
    /// The cross-section of every object with the hyperplane `w = w`, shown orthographically.
    case slice(w: Double)

    /// The projection applied to vertices; a slice shows its cross-section orthographically.
    public var projection4D: Projection4D {
        switch self {
        case .perspective(let eyeW): .perspective(eyeW: eyeW)
        case .stereographic(let radius): .stereographic(radius: radius)
        case .orthographic, .slice: .orthographic
        }
    }

    /// The w of the cutting hyperplane for `.slice`, nil for true projections.
    public var sliceW: Double? {
        if case .slice(let w) = self { w } else { nil }
    }
}
