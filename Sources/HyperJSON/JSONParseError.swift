/// Why a text is not the JSON the parser accepts, and where: the JSON path of the value being read and, for a
/// syntax error, the 1-based line and column (in characters) of the cursor.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// Not JSON: bad syntax, invalid UTF-8, a duplicate key, nesting too deep.
        case syntax
        /// Well-formed, but a number too large for a Double (e.g. `1e400`).
        case unrepresentableNumber
    }

    public var kind: Kind
    public var path: JSONPath
    /// What is wrong, without the position, e.g. "duplicate key 'fps'".
    public var reason: String
    public var line: Int?
    public var column: Int?

    public init(kind: Kind, path: JSONPath, reason: String, line: Int? = nil, column: Int? = nil) {
        self.kind = kind
        self.path = path
        self.reason = reason
        self.line = line
        self.column = column
    }

    /// The reason with the position, e.g. "duplicate key 'fps' (line 1, column 20)".
    public var message: String {
        guard let line, let column else { return reason }
        return "\(reason) (line \(line), column \(column))"
    }

    /// The path and the message, e.g. "$.fps: duplicate key 'fps' (line 1, column 20)".
    public var description: String { "\(path): \(message)" }
}
