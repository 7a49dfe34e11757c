import HyperImage
import HyperRender
import HyperScene
import Testing

/// The Vulkan pipeline and the CPU reference renderer draw the same picture for every scene.
@Suite struct ReferenceComparisonTests {
    @Test(arguments: RenderFixtures.catalog.names)
    func gpuMatchesCPUReference(sceneName: String) throws {
        let plan = try RenderFixtures.plan(RenderFixtures.scene(sceneName))
        let renderer = try RenderFixtures.gpu(plan)
        let reference = CPUReferenceRenderer(plan: plan)
        for time in [0.0, 1.7] {
            let gpu = try #require(try renderer.render(time: time).rgba)
            let cpu = try reference.render(time: time)
            let psnr = ImageComparison.psnr(gpu, cpu)
            #expect(psnr >= 40, "\(sceneName) at t=\(time): \(psnr) dB")
        }
    }

    @Test func stereoAndFacelessVariantsMatch() throws {
        var scene = try RenderFixtures.scene("600-cell")
        scene.camera.stereo = true
        scene.style.faces = false
        let plan = try RenderFixtures.plan(scene)
        let gpu = try #require(try RenderFixtures.gpu(plan).render(time: 0.5).rgba)
        let cpu = try CPUReferenceRenderer(plan: plan).render(time: 0.5)
        #expect(ImageComparison.psnr(gpu, cpu) >= 40)
    }

    @Test func everyProjectionMatches() throws {
        let base = try RenderFixtures.scene("24-cell")
        let projections: [SceneProjection] = [
            .perspective(eyeW: 2.5), .stereographic(radius: 1.2), .orthographic, .slice(w: 0.2),
        ]
        for projection in projections {
            var scene = base
            scene.projection = projection
            let plan = try RenderFixtures.plan(scene)
            let gpu = try #require(try RenderFixtures.gpu(plan).render(time: 0.8).rgba)
            let cpu = try CPUReferenceRenderer(plan: plan).render(time: 0.8)
            #expect(ImageComparison.psnr(gpu, cpu) >= 40, "\(projection)")
        }
    }

    /// Bands of rows drawn on several threads give the single-threaded picture exactly.
    @Test func threadedReferenceIsTheSamePicture() throws {
        var scene = try RenderFixtures.scene("ensemble")
        scene.camera.stereo = true
        let reference = CPUReferenceRenderer(plan: try RenderFixtures.plan(scene, width: 322, height: 182))
        let single = try reference.render(time: 0.7)
        for threads in [2, 3, 7] {
            #expect(try reference.render(time: 0.7, threads: threads) == single, "\(threads) threads")
        }
    }

    @Test func aliasedRenderingMatches() throws {
        var scene = try RenderFixtures.scene("tesseract")
        scene.style.antialias = false
        let plan = try RenderFixtures.plan(scene)
        let gpu = try #require(try RenderFixtures.gpu(plan).render(time: 0.3).rgba)
        #expect(ImageComparison.psnr(gpu, try CPUReferenceRenderer(plan: plan).render(time: 0.3)) >= 40)
    }
}
