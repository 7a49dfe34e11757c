import Foundation

/// The repository's `assets/scenes`, found from this file's location (symlinks resolved, so the tests also work
/// from a package that links this folder in), or from `HYPERCUBE_SCENES_DIR` when that is set.
enum RepositoryScenes {
    static let directory: URL = {
        if let override = ProcessInfo.processInfo.environment["HYPERCUBE_SCENES_DIR"], !override.isEmpty {
            return URL(fileURLWithPath: override, isDirectory: true)
        }
        let checkout = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return checkout.appendingPathComponent("assets/scenes", isDirectory: true)
    }()

    /// Every scene file, sorted by name.
    static var files: [URL] {
        let contents = (try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil))
        return (contents ?? []).filter { $0.pathExtension == "json" }.sorted { $0.path < $1.path }
    }
}
