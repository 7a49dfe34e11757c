/// Everything needed to render an animation: the objects and their motion, how 4D maps to 3D, the camera and style.
/// Usually read from a JSON file by `SceneLoader` (schema in docs/scenes.md).
public struct Scene: Equatable, Sendable {
    /// The background colour every scene gets unless it names one: near-black blue, `#05060f` in linear light.
    public static let defaultBackground = RGB(0.0015176349177441874, 0.001821161901293025, 0.004776953480693729)

    public var name: String
    public var description: String
    public var background: RGB
    public var projection: SceneProjection
    public var camera: Camera
    public var style: RenderStyle
    public var objects: [SceneObject]
    /// Length of one seamless loop in seconds, if the scene has one.
    public var duration: Double?

    public init(
        name: String,
        description: String = "",
        background: RGB = Scene.defaultBackground,
        projection: SceneProjection = .perspective(eyeW: 3),
        camera: Camera = .standard,
        style: RenderStyle = .standard,
        objects: [SceneObject],
        duration: Double? = nil
    ) {
        self.name = name
        self.description = description
        self.background = background
        self.projection = projection
        self.camera = camera
        self.style = style
        self.objects = objects
        self.duration = duration
    }
}
