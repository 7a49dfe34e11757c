import HyperJSON

/// A JSON value together with where it sits (file and path), offering typed reads that fail with precise errors.
struct JSONNode {
    let value: JSONValue
    let path: JSONPath
    let file: String

    func error(_ code: SceneError.Code, _ message: String) -> SceneError {
        SceneError(code: code, file: file, jsonPath: path.description, message: message)
    }

    func typeMismatch(expected: String) -> SceneError {
        error(.invalidValue, "expected \(expected), found \(value.typeDescription)")
    }

    /// Reads an object whose keys must all be among `keys`; anything else is an `.unknownKey` error.
    func object(keys: [String]) throws(SceneError) -> CheckedObject {
        guard case .object(let members) = value else { throw typeMismatch(expected: "an object") }
        for member in members where !keys.contains(member.key) {
            throw child(member.key, member.value).error(.unknownKey, Spelling.unknown("key", member.key, allowed: keys))
        }
        return CheckedObject(node: self, members: members)
    }

    /// Reads the `kind` string of a tagged object, which must be one of `kinds`; `what` names it in errors.
    /// The caller then checks the object's keys, which depend on the kind.
    func kind(among kinds: [String], what: String) throws(SceneError) -> String {
        guard case .object(let members) = value else { throw typeMismatch(expected: "an object") }
        let tag = try CheckedObject(node: self, members: members).required("kind")
        let kind = try tag.string()
        guard kinds.contains(kind) else {
            throw tag.error(.invalidValue, Spelling.unknown(what, kind, expected: kinds))
        }
        return kind
    }

    /// Reads an object of arbitrary keys, in document order.
    func members() throws(SceneError) -> [(key: String, node: JSONNode)] {
        guard case .object(let members) = value else { throw typeMismatch(expected: "an object") }
        return members.map { ($0.key, child($0.key, $0.value)) }
    }

    func array() throws(SceneError) -> [JSONNode] {
        guard case .array(let elements) = value else { throw typeMismatch(expected: "an array") }
        return elements.enumerated().map { JSONNode(value: $1, path: path.appending(index: $0), file: file) }
    }

    func string() throws(SceneError) -> String {
        guard case .string(let string) = value else { throw typeMismatch(expected: "a string") }
        return string
    }

    func bool() throws(SceneError) -> Bool {
        guard case .bool(let bool) = value else { throw typeMismatch(expected: "a boolean (true or false)") }
        return bool
    }

    func number() throws(SceneError) -> Double {
        guard let number = value.doubleValue else { throw typeMismatch(expected: "a number") }
        return number
    }

    /// Reads a number that must satisfy `isValid`; `requirement` completes "must be …" in the error.
    func number(_ requirement: String, where isValid: (Double) -> Bool) throws(SceneError) -> Double {
        let number = try number()
        guard isValid(number) else { throw error(.invalidValue, "must be \(requirement), got \(Self.format(number))") }
        return number
    }

    func number(in range: ClosedRange<Double>) throws(SceneError) -> Double {
        try number("in \(Self.format(range.lowerBound))...\(Self.format(range.upperBound))") { range.contains($0) }
    }

    func positiveNumber() throws(SceneError) -> Double {
        try number("> 0") { $0 > 0 }
    }

    /// Reads an integer written as one (`4`, not `4.0` or `4e0`) within `range`.
    func integer(in range: ClosedRange<Int>) throws(SceneError) -> Int {
        let requirement = "must be an integer in \(range.lowerBound)...\(range.upperBound)"
        switch value {
        case .integer(let integer) where range.contains(integer): return integer
        case .integer(let integer): throw error(.invalidValue, "\(requirement), got \(integer)")
        case .number(let number):
            throw error(
                .invalidValue,
                "\(requirement) written without a fraction or exponent, got \(Self.format(number, fraction: true))")
        default: throw typeMismatch(expected: "an integer")
        }
    }

    /// Reads an array of exactly `count` numbers, e.g. a vector.
    func numbers(count: Int) throws(SceneError) -> [Double] {
        guard case .array(let elements) = value, elements.count == count else {
            throw typeMismatch(expected: "an array of \(count) numbers")
        }
        var numbers: [Double] = []
        for element in try array() {
            numbers.append(try element.number())
        }
        return numbers
    }

    private func child(_ key: String, _ value: JSONValue) -> JSONNode {
        JSONNode(value: value, path: path.appending(key: key), file: file)
    }

    /// Spells a number for a diagnostic: integers without a fraction (unless `fraction`, for a number that was
    /// written with one), others as Swift prints them.
    static func format(_ number: Double, fraction: Bool = false) -> String {
        guard number.rounded() == number, abs(number) < 1e15 else { return String(number) }
        return fraction ? String(Int(number)) + ".0" : String(Int(number))
    }
}

/// A JSON object whose keys have been checked against the schema.
struct CheckedObject {
    let node: JSONNode
    let members: JSONObject

    /// The member called `key`, or nil when the document leaves it out.
    subscript(key: String) -> JSONNode? {
        members[key].map { JSONNode(value: $0, path: node.path.appending(key: key), file: node.file) }
    }

    func required(_ key: String) throws(SceneError) -> JSONNode {
        guard let member = self[key] else {
            throw SceneError(
                code: .missingKey, file: node.file, jsonPath: node.path.appending(key: key).description,
                message: "missing required key '\(key)'"
            )
        }
        return member
    }
}
