public import HyperJSON

/// What values a flag accepts; `validate` turns a JSON value into a flag value or says why it cannot.
public enum FlagType: Sendable, Hashable {
    case boolean
    case integer(ClosedRange<Int>)
    case choice([String])
    /// A picture size `WxH`, both even and positive, at most `maximum`.
    case size(maximum: PictureSize)

    /// The type's name in the API: `bool`, `int`, `enum` or `size`.
    public var name: String {
        switch self {
        case .boolean: "bool"
        case .integer: "int"
        case .choice: "enum"
        case .size: "size"
        }
    }

    /// The JSON description of the accepted values: range, choices or maximum size.
    var constraints: JSONObject {
        switch self {
        case .boolean: [:]
        case .integer(let range): ["minimum": .integer(range.lowerBound), "maximum": .integer(range.upperBound)]
        case .choice(let values): ["values": .array(values.map(JSONValue.string))]
        case .size(let maximum): ["maximum": .string(maximum.description)]
        }
    }

    /// The flag value for `json`; `FlagError.invalidValue` with the reason when it has the wrong type or range.
    public func validate(_ json: JSONValue, flag: FlagName) throws(FlagError) -> FlagValue {
        func invalid(_ reason: String) -> FlagError {
            FlagError(.invalidValue, "\(flag.rawValue): \(reason)")
        }
        switch self {
        case .boolean:
            guard case .bool(let value) = json else { throw invalid("expected a boolean, got \(json.typeDescription)") }
            return .bool(value)
        case .integer(let range):
            guard case .integer(let value) = json else {
                throw invalid("expected an integer, got \(json.typeDescription)")
            }
            guard range.contains(value) else {
                throw invalid("\(value) is out of range \(range.lowerBound)...\(range.upperBound)")
            }
            return .integer(value)
        case .choice(let values):
            guard case .string(let value) = json else {
                throw invalid("expected a string, got \(json.typeDescription)")
            }
            guard values.contains(value) else {
                throw invalid("'\(value)' is not one of \(values.joined(separator: ", "))")
            }
            return .string(value)
        case .size(let maximum):
            guard case .string(let text) = json else {
                throw invalid("expected a size string like \"1920x1080\", got \(json.typeDescription)")
            }
            let size: PictureSize
            do {
                size = try PictureSize(parsing: text)
            } catch {
                throw invalid(error.reason)
            }
            guard size.fits(within: maximum) else { throw invalid("\(size) exceeds the maximum \(maximum)") }
            return .string(size.description)
        }
    }
}
