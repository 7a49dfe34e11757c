/// Why a flag could not be read or changed; the routes map the code to 404, 422 or 500.
public struct FlagError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: Sendable, Equatable {
        /// No flag of that name.
        case unknownFlag
        /// The value has the wrong type or is out of range.
        case invalidValue
        /// The change could not be written to the state directory or the audit log.
        case persistenceFailed
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
