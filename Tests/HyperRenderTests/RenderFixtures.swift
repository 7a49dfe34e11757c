import Foundation
import HyperImage
import HyperRender
import HyperScene

/// Scenes from the repository's assets/scenes and renderers on the Vulkan device the machine has (lavapipe
/// where there is no GPU). Each test opens its own device: Vulkan queues are not shared across threads.
enum RenderFixtures {
    static let catalog: SceneCatalog = {
        do {
            return try SceneCatalog.locate()
        } catch {
            fatalError("scene catalog: \(error)")
        }
    }()

    static func scene(_ name: String) throws -> Scene {
        try catalog.scene(named: name)
    }

    static func plan(_ scene: Scene, width: Int = 320, height: Int = 180) throws -> RenderPlan {
        try RenderPlan(scene: scene, options: RenderOptions(scene: scene, width: width, height: height))
    }

    /// A renderer with the I420 shader pinned, so that every test exercises the GPU conversion and two renderers
    /// always agree; `I420OutputTests` covers libyuv and the measured choice.
    static func gpu(
        _ plan: RenderPlan,
        framesInFlight: Int = 2,
        i420: I420Converter? = .shader
    ) throws -> GPURenderer {
        try GPURenderer(device: VulkanDevice(), plan: plan, framesInFlight: framesInFlight, i420: i420)
    }

    static let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Golden")
}
