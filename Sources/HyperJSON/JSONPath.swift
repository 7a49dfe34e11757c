/// A location inside a JSON document, spelled `$.objects[2].shape` in diagnostics
/// (keys that are not plain identifiers are spelled `$["odd key"]`).
public struct JSONPath: CustomStringConvertible, Sendable, Hashable {
    public static let root = JSONPath(description: "$")

    public let description: String

    public func appending(key: String) -> JSONPath {
        if Self.isIdentifier(key) {
            return JSONPath(description: description + "." + key)
        }
        let escaped = key.flatMap { $0 == "\\" || $0 == "\"" ? ["\\", $0] : [$0] }
        return JSONPath(description: description + "[\"" + String(escaped) + "\"]")
    }

    public func appending(index: Int) -> JSONPath {
        JSONPath(description: description + "[\(index)]")
    }

    private static func isIdentifier(_ key: String) -> Bool {
        guard let first = key.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        return key.unicodeScalars.allSatisfy { scalar in
            scalar == "_" || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
                || ("0"..."9").contains(scalar)
        }
    }
}
