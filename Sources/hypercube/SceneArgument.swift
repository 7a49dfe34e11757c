import Foundation
import HyperScene

/// Resolves `--scene`: a scene name from the catalog, or a path to a scene JSON file.
enum SceneArgument {
    static func load(_ argument: String) throws -> Scene {
        if argument.hasSuffix(".json") || argument.contains("/") {
            return try SceneLoader.load(contentsOf: URL(fileURLWithPath: argument))
        }
        return try SceneCatalog.locate().scene(named: argument)
    }
}
