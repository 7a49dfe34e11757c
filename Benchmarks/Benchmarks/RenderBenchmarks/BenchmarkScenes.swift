import HyperRender
import HyperScene

/// Render plans for the scenes the benchmarks draw, from the repository's `assets/scenes`.
enum BenchmarkScenes {
    /// The scene time every rendering benchmark draws, so that each iteration does the same work.
    static let frameTime = 1.5

    /// `name` at `width`×`height` with translucent faces on: edges + faces is the case the frame budget is for.
    static func plan(scene name: String, width: Int, height: Int) throws -> RenderPlan {
        let scene = try SceneCatalog.locate().scene(named: name)
        var options = try RenderOptions(scene: scene, width: width, height: height)
        options.style.faces = true
        return try RenderPlan(scene: scene, options: options)
    }
}
