public import HyperJSON

/// The value of one feature flag: a boolean, an integer or a string (enumerations and sizes are strings).
public enum FlagValue: Sendable, Hashable, CustomStringConvertible {
    case bool(Bool)
    case integer(Int)
    case string(String)

    public var json: JSONValue {
        switch self {
        case .bool(let value): .bool(value)
        case .integer(let value): .integer(value)
        case .string(let value): .string(value)
        }
    }

    public var description: String { json.canonicalText }

    var boolValue: Bool? {
        if case .bool(let value) = self { value } else { nil }
    }

    var integerValue: Int? {
        if case .integer(let value) = self { value } else { nil }
    }

    var stringValue: String? {
        if case .string(let value) = self { value } else { nil }
    }

    /// The number Prometheus shows for the flag: 0/1 for booleans, the integer itself; nil for strings.
    var gaugeValue: Double? {
        switch self {
        case .bool(let value): value ? 1 : 0
        case .integer(let value): Double(value)
        case .string: nil
        }
    }
}
