public import Foundation
import HyperJSON

/// Reads scene documents (JSON, schema in docs/scenes.md), validating strictly so that every mistake is reported
/// with its file, JSON path and cause instead of being silently ignored.
public struct SceneLoader {
    /// Reads and decodes the scene file at `url`; errors name the file as `url.relativePath`.
    public static func load(contentsOf url: URL) throws(SceneError) -> Scene {
        let file = url.relativePath
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw SceneError(code: .unreadableFile, file: file, message: readFailure(at: url))
        }
        return try decode(data, file: file)
    }

    /// Decodes a scene document; `file` is only used to name the source in errors.
    public static func decode(_ data: Data, file: String) throws(SceneError) -> Scene {
        let document: JSONValue
        do {
            document = try JSONValue(parsing: data)
        } catch {
            throw SceneError(
                code: error.kind == .syntax ? .invalidJSON : .invalidValue, file: file,
                jsonPath: error.path.description, message: error.message)
        }
        return try Scene(json: JSONNode(value: document, path: .root, file: file))
    }

    private static func readFailure(at url: URL) -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else { return "no such file" }
        return isDirectory.boolValue ? "is a directory, not a scene file" : "cannot be read (permission denied?)"
    }
}
