import HyperJSON
import Testing

/// The one JSON parser every input goes through (scene files, HTTP bodies, flags.json, the audit log, tokens, the
/// cluster's documents): RFC 8259 strictly, integers kept apart from numbers, errors with path, line and column.
struct JSONParserTests {
    private func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        try JSONValue(parsing: Array(text.utf8))
    }

    private func failure(_ text: some Collection<UInt8>) -> JSONParseError? {
        do {
            _ = try JSONValue(parsing: text)
            return nil
        } catch {
            return error
        }
    }

    @Test func integersStayIntegersAndEverythingElseIsANumber() throws {
        #expect(try parse("1") == .integer(1))
        #expect(try parse("-0") == .integer(0))
        #expect(try parse("9223372036854775807") == .integer(Int.max))
        #expect(try parse("1.0") == .number(1))
        #expect(try parse("1e0") == .number(1))
        #expect(try parse("-2.5E-3") == .number(-0.0025))
        // Past Int: still a number, as exactly as a Double holds it.
        #expect(try parse("9223372036854775808") == .number(9_223_372_036_854_775_808))
        #expect(try parse("true") == .bool(true))
        #expect(try parse(#"{"value":[0,false,null,"x"]}"#) == ["value": [0, false, nil, "x"]])
        #expect(failure(Array("{".utf8)) != nil)
        #expect(JSONValue.string("a\u{1}\n\"\\/é").canonicalText == #""a\u0001\n\"\\/é""#)
        #expect(JSONValue.number(30).canonicalText == "30")
        #expect(try parse(" null ") == .null)
    }

    @Test func objectsKeepDocumentOrderButCompareAsSets() throws {
        let value = try parse(#"{"b": 1, "a": [true, null], "c": {"x": "y"}}"#)
        guard case .object(let members) = value else {
            Issue.record("not an object")
            return
        }
        #expect(members.keys == ["b", "a", "c"])
        #expect(value == (try parse(#"{"c": {"x": "y"}, "a": [true, null], "b": 1}"#)))
        #expect(Set([value, try parse(#"{"a":[true,null],"c":{"x":"y"},"b":1}"#)]).count == 1)
        #expect(value.canonicalText == #"{"a":[true,null],"b":1,"c":{"x":"y"}}"#)
    }

    @Test func canonicalTextParsesBackToTheSameValue() throws {
        let values: [JSONValue] = [
            ["s": "quote \" backslash \\ tab \t nl \n bell \u{07} é 𝄞", "n": -12, "d": 0.125, "big": 1e300],
            [[], [:], [nil, false, 0, "", ["k": [1, 2, 3]]]],
            "\u{0}\u{1F}/</script>",
        ]
        for value in values {
            #expect(try parse(value.canonicalText) == value, "\(value.canonicalText)")
        }
    }

    @Test func escapesAndSurrogatePairsDecode() throws {
        #expect(try parse(#""\u00e9\ud834\udd1e\/\b\f\n\r\t""#) == .string("é𝄞/\u{08}\u{0C}\n\r\t"))
        #expect(failure(Array(#""\ud834x""#.utf8))?.reason == "unpaired surrogate \\uD834 in string")
        #expect(failure(Array(#""\udd1e""#.utf8))?.reason == "unpaired surrogate \\uDD1E in string")
    }

    @Test func errorsNameThePathLineAndColumn() {
        let duplicate = failure(Array("{\"a\": {\"b\": 1,\n  \"b\": 2}}".utf8))
        #expect(duplicate == JSONParseError(kind: .syntax, path: JSONPath.root.appending(key: "a").appending(key: "b"), reason: "duplicate key 'b'", line: 2, column: 6))
        #expect(duplicate?.description == "$.a.b: duplicate key 'b' (line 2, column 6)")
        let trailing = failure(Array("[1, 2,]".utf8))
        #expect(trailing?.path.description == "$[2]")
        #expect(trailing?.message == "expected a value, found ']' (line 1, column 7)")
        #expect(failure(Array("{\"a\": 1} x".utf8))?.reason == "unexpected 'x' after the top-level value")
        #expect(failure(Array("".utf8))?.reason == "expected a value, found the end of the input")
        #expect(failure(Array("01".utf8))?.reason == "numbers must not have leading zeros")
        #expect(failure(Array("NaN".utf8))?.reason == "expected a value, found 'N'")
        #expect(failure(Array("1.".utf8))?.reason == "expected a digit after the decimal point, found the end of the input")
        #expect(failure(Array("\"a\u{01}\"".utf8))?.reason == "control character U+0001 must be escaped in a string")
        #expect(failure(Array("{'a': 1}".utf8))?.reason == "expected a string key, found '''")
    }

    @Test func numbersADoubleCannotHoldAreTheirOwnKindOfError() {
        let huge = failure(Array(#"{"scale": 1e400}"#.utf8))
        #expect(huge?.kind == .unrepresentableNumber)
        #expect(huge?.description == "$.scale: number 1e400 is too large to represent")
    }

    @Test func invalidUTF8AndDeepNestingAreRefused() {
        #expect(failure([0x22, 0xFF, 0x22])?.reason == "not UTF-8")
        let deep = String(repeating: "[", count: JSONParser.maximumDepth + 1)
            + String(repeating: "]", count: JSONParser.maximumDepth + 1)
        #expect(failure(Array(deep.utf8))?.reason == "nesting deeper than \(JSONParser.maximumDepth) levels")
        let allowed = String(repeating: "[", count: JSONParser.maximumDepth)
            + String(repeating: "]", count: JSONParser.maximumDepth)
        #expect(failure(Array(allowed.utf8)) == nil)
        // A byte order mark is allowed at the start only.
        #expect(failure([0xEF, 0xBB, 0xBF] + Array("1".utf8)) == nil)
    }

    @Test func objectMembersCanBeSetReplacedAndRemovedInPlace() {
        var object: JSONObject = ["b": 1, "a": 2]
        object["b"] = "two"
        object["c"] = nil
        object["d"] = true
        object["a"] = nil
        #expect(object.keys == ["b", "d"])
        #expect(object["b"] == "two")
        #expect(JSONObject(["z": 1, "y": 2]).keys == ["y", "z"])
        #expect(object.mapValues { _ in .null }.keys == ["b", "d"])
    }
}
