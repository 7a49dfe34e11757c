import HyperGeometry
import HyperScene

/// Scenes for the audio tests: repository scenes through `SceneCatalog`, and one-object scenes built in code.
enum AudioTestScenes {
    static func repository(_ name: String) throws -> Scene {
        try SceneCatalog.locate().scene(named: name)
    }

    /// A single tesseract placed at `position`, spinning only in planes that keep its w extent (and so its pitch)
    /// fixed; `xw` tilts it once so the extent is not the axis-aligned minimum.
    static func steadyTesseract(position: Vector4 = .zero, scale: Double = 1) -> Scene {
        Scene(
            name: "steady-tesseract",
            objects: [
                SceneObject(
                    shape: .regular(.tesseract), position: position, scale: scale,
                    initialAngles: [.xw: 0.4], angularVelocity: [.xy: 0.5]
                )
            ]
        )
    }
}
