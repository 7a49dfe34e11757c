import Foundation
import HyperRender
import Testing

/// The embedded SPIR-V is what the build compiled from Shaders/*.comp, and spirv-val accepts every module.
@Suite struct ShaderValidationTests {
    @Test func everyShaderIsEmbedded() throws {
        let names = Set(ShaderLibrary.modules.map(\.name))
        let shaderDirectory = RenderFixtures.goldenDirectory.deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Shaders")
        let sources = try FileManager.default.contentsOfDirectory(atPath: shaderDirectory.path)
            .filter { $0.hasSuffix(".comp") }
        #expect(Set(sources) == names)
    }

    @Test(arguments: ShaderLibrary.modules.map(\.name))
    func spirvValAcceptsModule(name: String) throws {
        let module = try #require(ShaderLibrary.modules.first { $0.name == name })
        #expect(module.spirv.prefix(4) == [0x03, 0x02, 0x23, 0x07], "SPIR-V magic number")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("hypercube-\(UUID()).spv")
        try Data(module.spirv).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/spirv-val")
        process.arguments = ["--target-env", "vulkan1.1", file.path]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "spirv-val rejected \(name)")
    }
}
