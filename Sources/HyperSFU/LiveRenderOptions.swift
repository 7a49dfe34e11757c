public import HyperScene
import HyperRender

/// The render settings an operator may change on a live session without restarting it: projection, translucent
/// faces and anti-aliasing (advanced rendering), and side-by-side stereo.
public struct LiveRenderOptions: Sendable, Equatable, CustomStringConvertible {
    public var projection: SceneProjection
    public var faces: Bool
    public var antialias: Bool
    public var stereo: Bool

    public init(projection: SceneProjection, faces: Bool, antialias: Bool, stereo: Bool) {
        self.projection = projection
        self.faces = faces
        self.antialias = antialias
        self.stereo = stereo
    }

    /// The scene's own settings.
    public init(scene: Scene) {
        self.init(
            projection: scene.projection,
            faces: scene.style.faces,
            antialias: scene.style.antialias,
            stereo: scene.camera.stereo
        )
    }

    func apply(to options: inout RenderOptions) {
        options.projection = projection
        options.style.faces = faces
        options.style.antialias = antialias
        options.camera.stereo = stereo
    }

    public var description: String {
        "projection \(projection), faces \(faces), antialias \(antialias), stereo \(stereo)"
    }
}
