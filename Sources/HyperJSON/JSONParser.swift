/// A strict RFC 8259 JSON parser that reports errors with the JSON path and the line and column. Hand-written so
/// numbers and booleans never blur, integers stay integers and paths are exact; rejects duplicate keys, numbers
/// too large for a Double and invalid UTF-8.
public struct JSONParser {
    /// Containers nested deeper than this are rejected rather than risking the stack.
    public static let maximumDepth = 256

    private let bytes: [UInt8]
    private var index = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Parses the whole input as one JSON value, optionally preceded by a UTF-8 byte order mark.
    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        guard isValidUTF8() else {
            throw JSONParseError(kind: .syntax, path: .root, reason: "not UTF-8")
        }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            index = 3
        }
        skipWhitespace()
        let value = try parseValue(at: .root, depth: 0)
        skipWhitespace()
        if index < bytes.count {
            throw syntaxError(at: .root, "unexpected \(describeCurrent()) after the top-level value")
        }
        return value
    }

    private mutating func parseValue(at path: JSONPath, depth: Int) throws(JSONParseError) -> JSONValue {
        guard index < bytes.count else { throw syntaxError(at: path, "expected a value, found the end of the input") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject(at: path, depth: depth + 1)
        case UInt8(ascii: "["): return try parseArray(at: path, depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try parseString(at: path))
        case UInt8(ascii: "t"): return try parseLiteral("true", .bool(true), at: path)
        case UInt8(ascii: "f"): return try parseLiteral("false", .bool(false), at: path)
        case UInt8(ascii: "n"): return try parseLiteral("null", .null, at: path)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber(at: path)
        default: throw syntaxError(at: path, "expected a value, found \(describeCurrent())")
        }
    }

    private mutating func parseObject(at path: JSONPath, depth: Int) throws(JSONParseError) -> JSONValue {
        try checkDepth(depth, at: path)
        index += 1
        var members: [JSONMember] = []
        var seen: Set<String> = []
        skipWhitespace()
        if consume(UInt8(ascii: "}")) {
            return .object(JSONObject())
        }
        while true {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw syntaxError(at: path, "expected a string key, found \(describeCurrent())")
            }
            let key = try parseString(at: path)
            let memberPath = path.appending(key: key)
            guard seen.insert(key).inserted else { throw syntaxError(at: memberPath, "duplicate key '\(key)'") }
            skipWhitespace()
            guard consume(UInt8(ascii: ":")) else {
                throw syntaxError(at: memberPath, "expected ':' after the key, found \(describeCurrent())")
            }
            skipWhitespace()
            members.append(JSONMember(key: key, value: try parseValue(at: memberPath, depth: depth)))
            skipWhitespace()
            if consume(UInt8(ascii: "}")) {
                return .object(JSONObject(uniqueMembers: members))
            }
            guard consume(UInt8(ascii: ",")) else {
                throw syntaxError(at: path, "expected ',' or '}' in object, found \(describeCurrent())")
            }
            skipWhitespace()
        }
    }

    private mutating func parseArray(at path: JSONPath, depth: Int) throws(JSONParseError) -> JSONValue {
        try checkDepth(depth, at: path)
        index += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if consume(UInt8(ascii: "]")) {
            return .array(elements)
        }
        while true {
            elements.append(try parseValue(at: path.appending(index: elements.count), depth: depth))
            skipWhitespace()
            if consume(UInt8(ascii: "]")) {
                return .array(elements)
            }
            guard consume(UInt8(ascii: ",")) else {
                throw syntaxError(at: path, "expected ',' or ']' in array, found \(describeCurrent())")
            }
            skipWhitespace()
        }
    }

    private mutating func parseString(at path: JSONPath) throws(JSONParseError) -> String {
        index += 1
        var scalars = String.UnicodeScalarView()
        var runStart = index
        while true {
            guard index < bytes.count else { throw syntaxError(at: path, "unterminated string") }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                scalars.append(contentsOf: String(decoding: bytes[runStart..<index], as: UTF8.self).unicodeScalars)
                index += 1
                if byte == UInt8(ascii: "\"") {
                    return String(scalars)
                }
                scalars.append(try parseEscape(at: path))
                runStart = index
            } else if byte < 0x20 {
                throw syntaxError(at: path, "control character U+\(hex4(UInt32(byte))) must be escaped in a string")
            } else {
                index += 1
            }
        }
    }

    /// Parses what follows a backslash; surrogate pairs combine, lone surrogates are errors.
    private mutating func parseEscape(at path: JSONPath) throws(JSONParseError) -> Unicode.Scalar {
        guard index < bytes.count else { throw syntaxError(at: path, "unterminated string") }
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let unit = try parseHex4(at: path)
            if (0xD800..<0xDC00).contains(unit) {
                guard consume(UInt8(ascii: "\\")), consume(UInt8(ascii: "u")) else {
                    throw syntaxError(at: path, "unpaired surrogate \\u\(hex4(unit)) in string")
                }
                let low = try parseHex4(at: path)
                guard (0xDC00..<0xE000).contains(low),
                    let scalar = Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
                else {
                    throw syntaxError(at: path, "unpaired surrogate \\u\(hex4(unit)) in string")
                }
                return scalar
            }
            guard let scalar = Unicode.Scalar(unit) else {
                throw syntaxError(at: path, "unpaired surrogate \\u\(hex4(unit)) in string")
            }
            return scalar
        default:
            index -= 1
            throw syntaxError(at: path, "invalid escape '\\\(describeCurrent(quoted: false))' in string")
        }
    }

    private mutating func parseHex4(at path: JSONPath) throws(JSONParseError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard index < bytes.count, let digit = hexDigitValue(bytes[index]) else {
                throw syntaxError(at: path, "expected 4 hex digits after \\u")
            }
            value = value * 16 + digit
            index += 1
        }
        return value
    }

    /// Parses a number per the JSON grammar: an integer when written without a fraction or exponent and within
    /// `Int`, else a Double; values beyond Double's range (e.g. 1e400) are errors.
    private mutating func parseNumber(at path: JSONPath) throws(JSONParseError) -> JSONValue {
        let start = index
        _ = consume(UInt8(ascii: "-"))
        if consume(UInt8(ascii: "0")) {
            if index < bytes.count, isDigit(bytes[index]) {
                throw syntaxError(at: path, "numbers must not have leading zeros")
            }
        } else {
            try consumeDigits(at: path, after: "'-'")
        }
        if consume(UInt8(ascii: ".")) {
            try consumeDigits(at: path, after: "the decimal point")
        }
        if consume(UInt8(ascii: "e")) || consume(UInt8(ascii: "E")) {
            _ = consume(UInt8(ascii: "+")) || consume(UInt8(ascii: "-"))
            try consumeDigits(at: path, after: "the exponent marker")
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if !text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }), let integer = Int(text) {
            return .integer(integer)
        }
        guard let value = Double(text), value.isFinite else {
            throw JSONParseError(
                kind: .unrepresentableNumber, path: path, reason: "number \(text) is too large to represent")
        }
        return .number(value)
    }

    /// Consumes one or more digits, or throws naming what they should have followed.
    private mutating func consumeDigits(at path: JSONPath, after what: String) throws(JSONParseError) {
        guard index < bytes.count, isDigit(bytes[index]) else {
            throw syntaxError(at: path, "expected a digit after \(what), found \(describeCurrent())")
        }
        while index < bytes.count, isDigit(bytes[index]) {
            index += 1
        }
    }

    private mutating func parseLiteral(
        _ word: String, _ value: JSONValue, at path: JSONPath
    ) throws(JSONParseError) -> JSONValue {
        let expected = Array(word.utf8)
        guard bytes[index...].starts(with: expected) else {
            throw syntaxError(at: path, "expected a value, found \(describeCurrent())")
        }
        index += expected.count
        return value
    }

    private func checkDepth(_ depth: Int, at path: JSONPath) throws(JSONParseError) {
        if depth > Self.maximumDepth {
            throw syntaxError(at: path, "nesting deeper than \(Self.maximumDepth) levels")
        }
    }

    private mutating func consume(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    private mutating func skipWhitespace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) {
            index += 1
        }
    }

    private func isValidUTF8() -> Bool {
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private func hexDigitValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A")) + 10
        default: nil
        }
    }

    private func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// Names the character at the cursor for a diagnostic, e.g. `'}'` or `the end of the input`.
    private func describeCurrent(quoted: Bool = true) -> String {
        guard index < bytes.count else { return "the end of the input" }
        let end = bytes[index...].dropFirst().firstIndex { $0 & 0xC0 != 0x80 } ?? bytes.count
        let character = String(decoding: bytes[index..<end], as: UTF8.self)
        return quoted ? "'\(character)'" : character
    }

    /// A syntax error at `path`, with the 1-based line and column of the cursor.
    private func syntaxError(at path: JSONPath, _ message: String) -> JSONParseError {
        let before = bytes[..<min(index, bytes.count)]
        let line = before.count { $0 == 0x0A } + 1
        let lineStart = before.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        let column = bytes[lineStart..<before.endIndex].count { $0 & 0xC0 != 0x80 } + 1
        return JSONParseError(kind: .syntax, path: path, reason: message, line: line, column: column)
    }
}
