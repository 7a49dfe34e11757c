import Foundation
import HyperGeometry
import HyperImage
import HyperRender
import HyperScene
import Testing

/// Renders compared with checked-in pictures. `HYPERCUBE_UPDATE_GOLDEN=1 swift test` rewrites them (from the
/// CPU reference, so a GPU regression cannot bless itself); look at the PNGs before committing.
@Suite struct GoldenImageTests {
    static let cases: [(scene: String, time: Double)] = [
        ("tesseract", 1.5), ("600-cell", 2.0), ("clifford-torus", 1.0), ("ensemble", 0.5),
    ]
    static let threshold = 40.0

    static func goldenURL(_ scene: String, _ time: Double) -> URL {
        RenderFixtures.goldenDirectory.appendingPathComponent("\(scene)-t\(time).png")
    }

    @Test(arguments: cases.map(\.scene))
    func renderMatchesGolden(sceneName: String) throws {
        let time = Self.cases.first { $0.scene == sceneName }!.time
        let plan = try RenderFixtures.plan(RenderFixtures.scene(sceneName))
        let url = Self.goldenURL(sceneName, time)
        if ProcessInfo.processInfo.environment["HYPERCUBE_UPDATE_GOLDEN"] == "1" {
            try PNGCodec.write(CPUReferenceRenderer(plan: plan).render(time: time), to: url)
        }
        let golden = try PNGCodec.read(from: url)
        let rendered = try #require(try RenderFixtures.gpu(plan).render(time: time).rgba)
        let psnr = ImageComparison.psnr(rendered, golden)
        #expect(psnr >= Self.threshold, "\(sceneName): \(psnr) dB against \(url.lastPathComponent)")
    }

    /// The comparison is sharp enough to notice a one-degree turn of the object.
    @Test func oneDegreeRotationFailsTheComparison() throws {
        let golden = try PNGCodec.read(from: Self.goldenURL("tesseract", 1.5))
        for plane in [RotationPlane.xy, .xw] {
            var scene = try RenderFixtures.scene("tesseract")
            scene.objects[0].initialAngles[plane, default: 0] += Double.pi / 180
            let rendered = try #require(try RenderFixtures.gpu(RenderFixtures.plan(scene)).render(time: 1.5).rgba)
            let psnr = ImageComparison.psnr(rendered, golden)
            #expect(psnr < Self.threshold, "rotated 1° in \(plane) still scored \(psnr) dB")
        }
    }
}
