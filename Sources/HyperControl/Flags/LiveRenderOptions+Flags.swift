public import HyperSFU
public import HyperScene

extension LiveRenderOptions {
    /// What a session showing `scene` renders under `flags`: the scene as authored, then the projection flag,
    /// `advanced_rendering` off stripping faces and anti-aliasing, and `stereo` deciding while
    /// `experimental_features` is on.
    public init(scene: Scene, flags: FlagSet) {
        self.init(scene: scene)
        projection = Self.projection(named: flags.projection, authored: scene.projection)
        if !flags.advancedRendering {
            faces = false
            antialias = false
        }
        if flags.experimentalFeatures {
            stereo = flags.stereo
        }
    }

    /// The projection a flag value names; a kind the scene already uses keeps the scene's parameters.
    static func projection(named name: String, authored: SceneProjection) -> SceneProjection {
        switch (name, authored) {
        case ("perspective", .perspective), ("stereographic", .stereographic), ("orthographic", .orthographic),
            ("slice", .slice):
            authored
        case ("perspective", _): .perspective(eyeW: 3)
        case ("stereographic", _): .stereographic(radius: 1)
        case ("orthographic", _): .orthographic
        case ("slice", _): .slice(w: 0)
        default: authored
        }
    }
}
