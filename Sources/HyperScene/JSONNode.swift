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
    func object(keys: [String]) throws(SceneError) -> JSONObject {
        guard case .object(let members) = value else { throw typeMismatch(expected: "an object") }
        for member in members where !keys.contains(member.key) {
            throw child(member).error(.unknownKey, Spelling.unknown("key", member.key, allowed: keys))
        }
        return JSONObject(node: self, members: members)
    }

    /// Reads the `kind` string of a tagged object, which must be one of `kinds`; `what` names it in errors.
    /// The caller then checks the object's keys, which depend on the kind.
    func kind(among kinds: [String], what: String) throws(SceneError) -> String {
        guard case .object(let members) = value else { throw typeMismatch(expected: "an object") }
        let tag = try JSONObject(node: self, members: members).required("kind")
        let kind = try tag.string()
        guard kinds.contains(kind) else {
            throw tag.error(.invalidValue, Spelling.unknown(what, kind, expected: kinds))
        }
        return kind
    }

    /// Reads an object of arbitrary keys, in document order.
    func members() throws(SceneError) -> [(key: String, node: JSONNode)] {
        guard case .object(let members) = value else { throw typeMismatch(expected: "an object") }
        return members.map { ($0.key, child($0)) }
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
        guard case .number(let number) = value else { throw typeMismatch(expected: "a number") }
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

    func integer(in range: ClosedRange<Int>) throws(SceneError) -> Int {
        let number = try number()
        guard number.rounded() == number, Double(range.lowerBound)...Double(range.upperBound) ~= number else {
            throw error(
                .invalidValue,
                "must be an integer in \(range.lowerBound)...\(range.upperBound), got \(Self.format(number))"
            )
        }
        return Int(number)
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

    private func child(_ member: JSONMember) -> JSONNode {
        JSONNode(value: member.value, path: path.appending(key: member.key), file: file)
    }

    /// Spells a number for a diagnostic: integers without a fraction, others as Swift prints them.
    static func format(_ number: Double) -> String {
        number.rounded() == number && abs(number) < 1e15 ? String(Int(number)) : String(number)
    }
}

/// A JSON object whose keys have been checked against the schema.
struct JSONObject {
    let node: JSONNode
    let members: [JSONMember]

    /// The member called `key`, or nil when the document leaves it out.
    subscript(key: String) -> JSONNode? {
        members.first { $0.key == key }.map {
            JSONNode(value: $0.value, path: node.path.appending(key: key), file: node.file)
        }
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
