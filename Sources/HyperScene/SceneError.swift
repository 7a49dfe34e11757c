/// Why a scene file or catalog could not be used, pinned to the file and the JSON path of the offending value.
/// Its description reads `<file>: <jsonPath>: <message>`, e.g. `bad.json: $.objects[1].scale: must be > 0`.
public struct SceneError: Error, CustomStringConvertible, Equatable {
    public enum Code: Hashable, Sendable {
        /// The file or directory could not be read.
        case unreadableFile
        /// The bytes are not well-formed JSON.
        case invalidJSON
        /// A value has the wrong type, is out of range or names nothing known.
        case invalidValue
        /// An object has a key the schema does not allow (often a typo).
        case unknownKey
        /// A required key is absent.
        case missingKey
        /// The catalog has no scene of the requested name.
        case unknownScene
    }

    public var code: Code
    /// The file (or directory, for catalog errors) the error is about, as the caller named it.
    public var file: String
    /// Where in the document the problem is, `$` for the root, e.g. `$.objects[2].shape.kind`; empty when the
    /// error is not about a document's contents.
    public var jsonPath: String
    public var message: String

    public init(code: Code, file: String, jsonPath: String = "", message: String) {
        self.code = code
        self.file = file
        self.jsonPath = jsonPath
        self.message = message
    }

    public var description: String {
        jsonPath.isEmpty ? "\(file): \(message)" : "\(file): \(jsonPath): \(message)"
    }
}
