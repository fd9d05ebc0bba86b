import Testing
@testable import MockJSON

@Suite struct JSONParserTests {
    @Test(arguments: [
        ("null", JSONValue.null),
        ("true", .bool(true)),
        (" false ", .bool(false)),
        ("0", .int(0)),
        ("-12", .int(-12)),
        ("3.0", .double(3.0)),
        ("1e2", .double(100)),
        ("-0.5E-1", .double(-0.05)),
        ("\"a\\\"b\\\\c\\/d\\n\"", .string("a\"b\\c/d\n")),
        ("\"\\u00e9\\ud83d\\ude00\"", .string("é😀")),
        ("[]", .array([])),
        ("[1,[2,{}]]", .array([.int(1), .array([.int(2), .object(JSONObject())])])),
        ("{\"a\":1,\"b\":[true,null]}", JSONValue.object(JSONObject([("a", .int(1)), ("b", .array([.bool(true), .null]))]))),
    ])
    func parsesValidDocuments(text: String, expected: JSONValue) throws {
        #expect(try JSONParser.parse(text) == expected)
    }

    @Test(arguments: [
        "", " ", "{", "}", "[1,]", "{\"a\":1,}", "{a:1}", "01", "-", "1.", ".5", "1e", "+1",
        "tru", "nul", "\"abc", "\"\\x\"", "\"\\u12\"", "\"a\u{01}b\"", "1 2", "{\"a\" 1}", "[1 2]",
        "NaN", "Infinity", "1e999",
    ])
    func rejectsInvalidDocuments(text: String) {
        #expect(throws: JSONParseError.self) { try JSONParser.parse(text) }
    }

    @Test func integerLiteralsStayIntegers() throws {
        #expect(try JSONParser.parse("42").intValue == 42)
        #expect(try JSONParser.parse("42.0").intValue == nil)
        #expect(try JSONParser.parse("42.0").numberValue == 42)
        // Too large for Int: still a number, but not an integer.
        #expect(try JSONParser.parse("123456789012345678901234567890").intValue == nil)
    }

    @Test func duplicateKeysResolveToTheLastValue() throws {
        let value = try JSONParser.parse("{\"a\":1,\"a\":2}")
        #expect(value["a"] == .int(2))
    }

    @Test func loneSurrogatesBecomeReplacementCharacters() throws {
        #expect(try JSONParser.parse("\"\\ud800x\"") == .string("\u{FFFD}x"))
        #expect(try JSONParser.parse("\"\\udc00\"") == .string("\u{FFFD}"))
    }

    @Test func nestingDepthIsBounded() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(deep) }
        let fine = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect((try? JSONParser.parse(fine)) != nil)
    }

    @Test func errorsReportTheOffset() {
        do {
            _ = try JSONParser.parse("{\"a\": tru}")
            Issue.record("expected a parse error")
        } catch {
            #expect(error.offset == 6)
        }
    }
}

@Suite struct JSONWriterTests {
    @Test func writesCompactJSONInMemberOrder() {
        let value: JSONValue = ["z": 1, "a": [true, nil, "x"], "m": ["n": 1.5]]
        #expect(JSONWriter.string(value) == "{\"z\":1,\"a\":[true,null,\"x\"],\"m\":{\"n\":1.5}}")
    }

    @Test func escapesControlCharactersAndQuotes() {
        #expect(JSONWriter.string(.string("a\"b\\c\n\u{01}")) == "\"a\\\"b\\\\c\\n\\u0001\"")
    }

    @Test func wholeDoublesPrintWithoutFraction() {
        #expect(JSONWriter.string(.double(180)) == "180")
        #expect(JSONWriter.string(.double(0.5)) == "0.5")
        #expect(JSONWriter.string(.double(.infinity)) == "null")
    }

    @Test func roundTripsThroughTheParser() throws {
        let value: JSONValue = ["s": "é😀\u{7}", "n": -3, "d": 0.001, "a": [[], [:]], "b": false]
        #expect(try JSONParser.parse(JSONWriter.bytes(value)) == value)
        #expect(try JSONParser.parse(JSONWriter.prettyBytes(value)) == value)
    }
}
