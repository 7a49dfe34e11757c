public import HyperScene

/// The projections an XR viewer's button steps through: the scene's own first, then the other ways of seeing 4D.
public enum XRProjectionCycle {
    static let others: [SceneProjection] = [
        .perspective(eyeW: 3), .stereographic(radius: 2), .orthographic, .slice(w: 0),
    ]

    /// The projection after `presses` presses of the button.
    public static func projection(afterPresses presses: Int, scene: Scene) -> SceneProjection {
        let cycle = [scene.projection] + others.filter { $0 != scene.projection }
        return cycle[presses % cycle.count]
    }
}
