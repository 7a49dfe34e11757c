public import Foundation

/// The scenes available in one directory of `<name>.json` files, so the app can list and open scenes by name.
public struct SceneCatalog: Sendable {
    /// The scene shown when none is requested.
    public static let defaultSceneName = "tesseract"
    /// Environment variable that, when set, names the scene directory `locate()` uses.
    public static let directoryEnvironmentKey = "HYPERCUBE_SCENES_DIR"

    public let directory: URL
    /// File stems of the `.json` files in `directory`, sorted.
    public let names: [String]

    /// Lists the scenes in `directory`; fails when it is not a readable directory.
    public init(directory: URL) throws(SceneError) {
        let contents: [URL]
        do {
            contents = try FileManager.default.contentsOfDirectory(
                at: directory, includingPropertiesForKeys: nil, options: .skipsHiddenFiles
            )
        } catch {
            throw SceneError(code: .unreadableFile, file: directory.relativePath, message: "not a readable directory")
        }
        self.directory = directory
        names = contents.filter { $0.pathExtension == "json" }.map { $0.deletingPathExtension().lastPathComponent }
            .sorted()
    }

    /// Finds the scene directory: `$HYPERCUBE_SCENES_DIR` if set, else the first existing one of `./assets/scenes`,
    /// `<executable dir>/../share/hypercube/scenes`, `<executable dir>/assets/scenes` and the source checkout's
    /// `assets/scenes`.
    public static func locate() throws(SceneError) -> SceneCatalog {
        if let override = ProcessInfo.processInfo.environment[directoryEnvironmentKey], !override.isEmpty {
            do {
                return try SceneCatalog(directory: URL(fileURLWithPath: override, isDirectory: true))
            } catch {
                throw SceneError(
                    code: .unreadableFile, file: override, message: "\(directoryEnvironmentKey) names \(error.message)"
                )
            }
        }
        let candidates = searchPath(
            currentDirectory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true),
            executable: Bundle.main.executableURL
        )
        for candidate in candidates where isDirectory(candidate) {
            return try SceneCatalog(directory: candidate)
        }
        let searched = candidates.map(\.path).joined(separator: ", ")
        throw SceneError(
            code: .unreadableFile, file: "assets/scenes",
            message: "no scene directory found (searched \(searched)); set \(directoryEnvironmentKey) to one"
        )
    }

    /// The directories `locate()` tries, in order, when the environment does not name one.
    static func searchPath(currentDirectory: URL, executable: URL?) -> [URL] {
        var candidates = [currentDirectory.appendingPathComponent("assets/scenes", isDirectory: true)]
        if let executable {
            for binary in [executable, executable.resolvingSymlinksInPath()] {
                let directory = binary.deletingLastPathComponent()
                candidates.append(directory.appendingPathComponent("../share/hypercube/scenes").standardizedFileURL)
                candidates.append(directory.appendingPathComponent("assets/scenes", isDirectory: true))
            }
        }
        let source = URL(fileURLWithPath: #filePath)
        for file in [source, source.resolvingSymlinksInPath()] {
            let checkout = file.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            candidates.append(checkout.appendingPathComponent("assets/scenes", isDirectory: true))
        }
        var unique: [URL] = []
        for candidate in candidates where !unique.contains(candidate) {
            unique.append(candidate)
        }
        return unique
    }

    /// The file that holds the scene called `name`.
    public func url(forScene name: String) -> URL {
        directory.appendingPathComponent(name).appendingPathExtension("json")
    }

    /// Loads the scene called `name`; an `.unknownScene` error lists the names that exist.
    public func scene(named name: String) throws(SceneError) -> Scene {
        guard names.contains(name) else {
            throw SceneError(
                code: .unknownScene, file: directory.relativePath,
                message: "unknown scene '\(name)' (known scenes: \(names.joined(separator: ", ")))"
            )
        }
        return try SceneLoader.load(contentsOf: url(forScene: name))
    }

    private static func isDirectory(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
