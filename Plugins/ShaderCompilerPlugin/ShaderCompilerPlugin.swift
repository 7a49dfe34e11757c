import Foundation
import PackagePlugin

/// Compiles every `Shaders/*.comp` file of the package into SPIR-V embedded as Swift source for the target.
@main
struct ShaderCompilerPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let shaders = context.package.directoryURL.appending(path: "Shaders")
        let names = try FileManager.default.contentsOfDirectory(atPath: shaders.path)
            .filter { $0.hasSuffix(".comp") }
            .sorted()
        let embedder = try context.tool(named: "ShaderEmbedder").url
        return names.map { name in
            let source = shaders.appending(path: name)
            let stem = String(name.dropLast(".comp".count))
            let output = context.pluginWorkDirectoryURL.appending(path: "Shader_\(stem).swift")
            return .buildCommand(
                displayName: "Compiling shader \(name)",
                executable: embedder,
                arguments: [source.path, output.path, Self.symbol(for: stem)],
                inputFiles: [source],
                outputFiles: [output]
            )
        }
    }

    /// `edge-raster` becomes `edgeRaster`.
    static func symbol(for stem: String) -> String {
        let parts = stem.split(whereSeparator: { $0 == "-" || $0 == "_" })
        guard let first = parts.first else { return stem }
        return first.lowercased() + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}
