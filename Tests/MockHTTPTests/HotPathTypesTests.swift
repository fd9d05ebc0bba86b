import Testing
@testable import MockHTTP

// The byte-level fast paths of the per-request types agree with the plain reading of each rule.
@Suite struct HotPathTypesTests {
    @Test func targetSplitsAtTheFirstQuestionMark() {
        let plain = HTTPRequest(method: "GET", target: "/v4/organizations")
        #expect(plain.path == "/v4/organizations" && plain.query == "")
        let two = HTTPRequest(method: "GET", target: "/a?b=1?c=2")
        #expect(two.path == "/a" && two.query == "b=1?c=2")
        let empty = HTTPRequest(method: "GET", target: "/a?")
        #expect(empty.path == "/a" && empty.query == "")
        // Multi-byte characters before the '?': the split is by byte offset, never mid-character.
        let accented = HTTPRequest(method: "GET", target: "/é€/x?q=ü")
        #expect(accented.path == "/é€/x" && accented.query == "q=ü")
        // A short target is stored inline (a small string); the split works the same.
        let small = HTTPRequest(method: "GET", target: "/?a")
        #expect(small.path == "/" && small.query == "a")
    }

    @Test func headerNamesCompareIgnoringASCIICaseOnly() {
        #expect(HTTPHeaders.equalsIgnoringASCIICase("Content-Type", "content-TYPE"))
        #expect(!HTTPHeaders.equalsIgnoringASCIICase("Content-Type", "Content-Typ"))
        #expect(!HTTPHeaders.equalsIgnoringASCIICase("Content-Type", "Content-Types"))
        // '@' and '`' differ by 0x20 but are not letters.
        #expect(!HTTPHeaders.equalsIgnoringASCIICase("X@", "X`"))
        #expect(HTTPHeaders.equalsIgnoringASCIICase("", ""))
    }

    @Test func setReplacesEveryFieldOfThatNameOrAddsOne() {
        var headers = HTTPHeaders()
        headers.set("Date", "one")
        #expect(headers.fields.map(\.value) == ["one"])
        headers.add("date", "two")
        headers.add("X-Other", "kept")
        headers.set("DATE", "three")
        #expect(headers.fields.map(\.name) == ["X-Other", "DATE"])
        #expect(headers["date"] == "three")
    }

    @Test func headersWithLineBreaksOrBadNamesAreNotWritten() {
        var headers = HTTPHeaders()
        headers.add("X-Good", "fine value with spaces and ünïcode")
        headers.add("X-Injected", "a\r\nSet-Cookie: x")
        headers.add("X-Null", "a\u{0}b")
        headers.add("Bad Name", "v")
        headers.add("Bad:Name", "v")
        headers.add("", "v")
        headers.add("X-Short", "v")
        var out: [UInt8] = []
        ResponseSerializer.append(HTTPResponse(status: 204, headers: headers), headOnly: false, connection: .implicit, to: &out)
        #expect(String(decoding: out, as: UTF8.self)
            == "HTTP/1.1 204 No Content\r\nX-Good: fine value with spaces and ünïcode\r\nX-Short: v\r\n\r\n")
    }
}
