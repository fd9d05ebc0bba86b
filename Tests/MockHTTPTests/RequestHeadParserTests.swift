import Testing
@testable import MockHTTP

/// A comparable rendering of a parse result.
private func describe(_ result: HeadParseResult) -> String {
    switch result {
    case .incomplete:
        return "incomplete"
    case .invalid(let failure):
        return "invalid \(failure.status)"
    case .complete(let parsed, let consumed):
        let head = parsed.head
        let fields = head.headers.fields.map { "\($0.name)=\($0.value)" }.joined(separator: "|")
        return "complete \(consumed) \(head.method) \(head.target) \(head.version) [\(fields)] "
            + "cl=\(parsed.contentLength.map(String.init) ?? "-") chunked=\(parsed.isChunked) "
            + "keepAlive=\(parsed.keepAlive) continue=\(parsed.expectsContinue) head=\(parsed.isHEAD)"
    }
}

private func parseAll(_ input: [UInt8], maxHeadBytes: Int = 64 * 1024) -> HeadParseResult {
    var parser = RequestHeadParser(maxHeadBytes: maxHeadBytes)
    return parser.parse(input)
}

/// Feeds growing prefixes, cut at `cuts`, to one parser (as a connection does).
private func parseSplit(_ input: [UInt8], cuts: [Int], maxHeadBytes: Int = 64 * 1024) -> HeadParseResult {
    var parser = RequestHeadParser(maxHeadBytes: maxHeadBytes)
    for cut in cuts.sorted() where cut < input.count {
        let result = parser.parse(Array(input[0..<cut]))
        if case .incomplete = result { continue }
        return result
    }
    return parser.parse(input)
}

struct ValidHead: Sendable, CustomTestStringConvertible {
    var raw: String
    var method: String
    var target: String
    var version: HTTPVersion = .http1_1
    var headerCount: Int
    var contentLength: Int? = nil
    var chunked = false
    var keepAlive = true
    var expectsContinue = false
    var isHEAD = false
    var check: (@Sendable (HTTPHeaders) -> Bool)? = nil

    var testDescription: String { raw.debugDescription }
}

let validHeads: [ValidHead] = [
    ValidHead(raw: "GET / HTTP/1.1\r\nHost: x\r\n\r\n", method: "GET", target: "/", headerCount: 1),
    ValidHead(raw: "POST /v4/organizations?page=2 HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n",
              method: "POST", target: "/v4/organizations?page=2", headerCount: 2, contentLength: 5),
    ValidHead(raw: "GET / HTTP/1.0\r\n\r\n", method: "GET", target: "/", version: .http1_0, headerCount: 0, keepAlive: false),
    ValidHead(raw: "GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", method: "GET", target: "/",
              version: .http1_0, headerCount: 1, keepAlive: true),
    ValidHead(raw: "\r\n\r\nGET /after-empty-lines HTTP/1.1\r\nHost: t\r\n\r\n", method: "GET", target: "/after-empty-lines", headerCount: 1),
    ValidHead(raw: "PUT /x HTTP/1.1\r\nHost: t\r\ntransfer-encoding:  Chunked \r\n\r\n", method: "PUT", target: "/x",
              headerCount: 2, chunked: true),
    ValidHead(raw: "GET / HTTP/1.1\r\nHost: t\r\nX-Empty:\r\nX-Pad: \t v a l \t\r\n\r\n", method: "GET", target: "/", headerCount: 3,
              check: { $0["x-empty"] == "" && $0["X-PAD"] == "v a l" }),
    ValidHead(raw: "POST / HTTP/1.1\r\nHost: t\r\nExpect: 100-Continue\r\nContent-Length: 3\r\n\r\n", method: "POST", target: "/",
              headerCount: 3, contentLength: 3, expectsContinue: true),
    ValidHead(raw: "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 7, 7\r\nCONTENT-LENGTH: 7\r\n\r\n", method: "POST", target: "/",
              headerCount: 3, contentLength: 7),
    ValidHead(raw: "HEAD /h HTTP/1.1\r\nHost: t\r\n\r\n", method: "HEAD", target: "/h", headerCount: 1, isHEAD: true),
    ValidHead(raw: "GET / HTTP/1.1\r\nHost: t\r\nConnection: keep-alive, close\r\n\r\n", method: "GET", target: "/",
              headerCount: 2, keepAlive: false),
    ValidHead(raw: "GET / HTTP/1.1\r\nHost: t\r\nX-Name: caf\u{E9}\r\nAuthorization: Bearer a.b.c\r\n\r\n", method: "GET", target: "/",
              headerCount: 3, check: { $0["x-name"] == "caf\u{E9}" && $0["authorization"] == "Bearer a.b.c" }),
    ValidHead(raw: "DELETE /v4/organizations/1/projects/2 HTTP/1.1\r\nHost: localhost:8080\r\nAccept: */*\r\n\r\n",
              method: "DELETE", target: "/v4/organizations/1/projects/2", headerCount: 2),
    ValidHead(raw: "get /lower-case-method-is-a-token HTTP/1.1\r\nHost: t\r\n\r\n", method: "get",
              target: "/lower-case-method-is-a-token", headerCount: 1),
    // Absolute form (RFC 9112 §3.2.2): the target's authority is the Host, replacing any sent.
    ValidHead(raw: "GET http://api.test:8080/v4/organizations?page=2 HTTP/1.1\r\nHost: other\r\nAccept: */*\r\n\r\n",
              method: "GET", target: "/v4/organizations?page=2", headerCount: 2,
              check: { $0["host"] == "api.test:8080" && $0.values(for: "Host").count == 1 }),
    ValidHead(raw: "GET HTTPS://[::1]:9000 HTTP/1.1\r\n\r\n", method: "GET", target: "/", headerCount: 1,
              check: { $0["Host"] == "[::1]:9000" }),
    ValidHead(raw: "GET http://h?x=1 HTTP/1.1\r\n\r\n", method: "GET", target: "/?x=1", headerCount: 1,
              check: { $0["Host"] == "h" }),
    // HTTP/1.0 may leave Host out.
    ValidHead(raw: "GET /old HTTP/1.0\r\nX: y\r\n\r\n", method: "GET", target: "/old", version: .http1_0, headerCount: 1,
              keepAlive: false),
]

struct InvalidHead: Sendable, CustomTestStringConvertible {
    var raw: [UInt8]
    var status: Int
    var testDescription: String { String(decoding: raw.prefix(60), as: UTF8.self).debugDescription }

    init(_ raw: String, _ status: Int) { self.raw = Array(raw.utf8); self.status = status }
    init(bytes: [UInt8], _ status: Int) { self.raw = bytes; self.status = status }
}

let invalidHeads: [InvalidHead] = [
    InvalidHead("GET  / HTTP/1.1\r\nHost: t\r\n\r\n", 400),                  // empty target
    InvalidHead("GET / HTTP/1.1 \r\n\r\n", 400),                  // trailing space
    InvalidHead("GET /\r\n\r\n", 400),                            // HTTP/0.9 style
    InvalidHead("GET / HTTP/2.0\r\n\r\n", 505),
    InvalidHead("GET / HTTP/1.2\r\n\r\n", 505),
    InvalidHead("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 505),
    InvalidHead("GET / http/1.1\r\n\r\n", 400),
    InvalidHead("GET / HTTP/1.x\r\n\r\n", 400),
    InvalidHead("G(T / HTTP/1.1\r\nHost: t\r\n\r\n", 400),
    InvalidHead(" GET / HTTP/1.1\r\nHost: t\r\n\r\n", 400),
    InvalidHead("GET /a\u{7F} HTTP/1.1\r\nHost: t\r\n\r\n", 400),
    InvalidHead("GET / HTTP/1.1\r\nHost: t\r\nNoColon\r\n\r\n", 400),
    InvalidHead("GET / HTTP/1.1\r\nHost: t\r\nHost : x\r\n\r\n", 400),
    // RFC 9112 §3.2: an HTTP/1.1 request without a Host, or with two, is a 400.
    InvalidHead("GET / HTTP/1.1\r\nAccept: */*\r\n\r\n", 400),
    InvalidHead("GET / HTTP/1.1\r\nHost: a\r\nhost: a\r\n\r\n", 400),
    InvalidHead("GET / HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n", 400),
    InvalidHead("GET http:///v4 HTTP/1.1\r\nHost: t\r\n\r\n", 400),
    InvalidHead("GET http://user:pass@h/v4 HTTP/1.1\r\nHost: t\r\n\r\n", 400),
    InvalidHead("GET / HTTP/1.1\r\nHost: t\r\n: empty-name\r\n\r\n", 400),
    InvalidHead("GET / HTTP/1.1\r\nHost: t\r\nX: a\u{01}b\r\n\r\n", 400),
    InvalidHead("GET / HTTP/1.1\r\nHost: t\r\nX: a\rb\r\n\r\n", 400),
    InvalidHead("GET / HTTP/1.1\r\nHost: t\r\nX: a\r\n folded\r\n\r\n", 400),
    InvalidHead("GET / HTTP/1.1\n\n", 400),                        // bare LF
    InvalidHead("GET / HTTP/1.1\r\nHost: t\r\nX: a\n\r\n", 400),
    InvalidHead("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: abc\r\n\r\n", 400),
    InvalidHead("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: -1\r\n\r\n", 400),
    InvalidHead("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 1 2\r\n\r\n", 400),
    InvalidHead("POST / HTTP/1.1\r\nHost: t\r\nContent-Length:\r\n\r\n", 400),
    InvalidHead("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n", 400),
    InvalidHead("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 5, 6\r\n\r\n", 400),
    InvalidHead("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 99999999999999999999999\r\n\r\n", 400),
    InvalidHead("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
    InvalidHead("POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n", 400),
    InvalidHead("POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip\r\n\r\n", 501),
    InvalidHead("POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501),
    InvalidHead("POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked, chunked\r\n\r\n", 400),
    InvalidHead("POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
    InvalidHead("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
    InvalidHead("POST / HTTP/1.1\r\nHost: t\r\nExpect: the-unexpected\r\n\r\n", 417),
    InvalidHead(bytes: [0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xFC, 0x03, 0x03], 400),  // TLS ClientHello
    InvalidHead(bytes: [0x00, 0xFF, 0x13, 0x37], 400),
    InvalidHead("GET / HTTP/1.1\r\nHost: t\r\nX-Big: " + String(repeating: "a", count: 70_000) + "\r\n\r\n", 431),
    InvalidHead(String(repeating: "\r\n", count: 40_000), 431),  // empty lines count toward the limit
]

@Suite struct RequestHeadParserTests {
    @Test(arguments: validHeads)
    func validHeadParses(_ valid: ValidHead) throws {
        let input = bytes(valid.raw)
        let result = parseAll(input)
        guard case .complete(let parsed, let consumed) = result else {
            Issue.record("expected complete, got \(describe(result))")
            return
        }
        #expect(consumed == input.count)
        #expect(parsed.head.method == valid.method)
        #expect(parsed.head.target == valid.target)
        #expect(parsed.head.version == valid.version)
        #expect(parsed.head.headers.count == valid.headerCount)
        #expect(parsed.contentLength == valid.contentLength)
        #expect(parsed.isChunked == valid.chunked)
        #expect(parsed.keepAlive == valid.keepAlive)
        #expect(parsed.expectsContinue == valid.expectsContinue)
        #expect(parsed.isHEAD == valid.isHEAD)
        if let check = valid.check { #expect(check(parsed.head.headers)) }
    }

    @Test(arguments: validHeads)
    func everyStrictPrefixIsIncomplete(_ valid: ValidHead) {
        let input = bytes(valid.raw)
        for length in 0..<input.count {
            let result = parseAll(Array(input[0..<length]))
            guard case .incomplete = result else {
                Issue.record("prefix of \(length) bytes gave \(describe(result))")
                return
            }
        }
    }

    @Test(arguments: validHeads)
    func splitsDoNotChangeTheResult(_ valid: ValidHead) {
        let input = bytes(valid.raw)
        let whole = describe(parseAll(input))
        #expect(describe(parseSplit(input, cuts: Array(1..<input.count))) == whole, "byte by byte")
        var generator = SeededGenerator(seed: UInt64(input.count))
        for _ in 0..<25 {
            let cuts = (0..<Int.random(in: 1...6, using: &generator)).map { _ in Int.random(in: 1..<input.count, using: &generator) }
            #expect(describe(parseSplit(input, cuts: cuts)) == whole, "cuts \(cuts)")
        }
    }

    @Test(arguments: invalidHeads)
    func invalidHeadIsRefused(_ invalid: InvalidHead) {
        let whole = parseAll(invalid.raw)
        guard case .invalid(let failure) = whole else {
            Issue.record("expected invalid \(invalid.status), got \(describe(whole))")
            return
        }
        #expect(failure.status == invalid.status)
        let step = max(1, invalid.raw.count / 400)  // byte by byte, thinned for the huge cases
        #expect(describe(parseSplit(invalid.raw, cuts: Array(stride(from: 1, to: invalid.raw.count, by: step)))) == describe(whole))
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<10 {
            let cuts = (0..<3).map { _ in Int.random(in: 1..<max(2, invalid.raw.count), using: &generator) }
            #expect(describe(parseSplit(invalid.raw, cuts: cuts)) == describe(whole))
        }
    }

    @Test func tlsHelloIsRefusedOnTheFirstByte() {
        var parser = RequestHeadParser()
        guard case .invalid(let failure) = parser.parse([0x16]) else {
            Issue.record("a TLS record byte must be refused at once")
            return
        }
        #expect(failure.status == 400)
    }

    @Test func headExactlyAtTheLimitIsAcceptedAndOneMoreIsNot() {
        let base = "GET / HTTP/1.1\r\nHost: t\r\nX: \r\n\r\n"
        let limit = 200
        let fits = "GET / HTTP/1.1\r\nHost: t\r\nX: " + String(repeating: "v", count: limit - base.utf8.count) + "\r\n\r\n"
        #expect(fits.utf8.count == limit)
        guard case .complete = parseAll(bytes(fits), maxHeadBytes: limit) else {
            Issue.record("a head of exactly maxHeadBytes must parse")
            return
        }
        let tooBig = "GET / HTTP/1.1\r\nHost: t\r\nX: " + String(repeating: "v", count: limit + 1 - base.utf8.count) + "\r\n\r\n"
        guard case .invalid(let failure) = parseAll(bytes(tooBig), maxHeadBytes: limit) else {
            Issue.record("a head one byte over maxHeadBytes must be refused")
            return
        }
        #expect(failure.status == 431)
    }

    @Test func pipelinedRequestsAreParsedOneAfterAnother() {
        let first = "GET /one HTTP/1.1\r\nHost: t\r\n\r\n"
        let second = "GET /two HTTP/1.1\r\nHost: t\r\nX: y\r\n\r\n"
        let input = bytes(first + second + "GET /thr")
        var parser = RequestHeadParser()
        guard case .complete(let a, let consumedA) = parser.parse(input) else { Issue.record("first"); return }
        #expect(a.head.target == "/one")
        #expect(consumedA == first.utf8.count)
        let rest = Array(input[consumedA...])
        guard case .complete(let b, let consumedB) = parser.parse(rest) else { Issue.record("second"); return }
        #expect(b.head.target == "/two")
        #expect(consumedB == second.utf8.count)
        guard case .incomplete = parser.parse(Array(rest[consumedB...])) else { Issue.record("third"); return }
    }

    @Test func failedParserStaysFailedUntilReset() {
        var parser = RequestHeadParser()
        guard case .invalid = parser.parse(bytes("G(T")) else { Issue.record("invalid expected"); return }
        guard case .invalid = parser.parse(bytes("GET / HTTP/1.1\r\nHost: t\r\n\r\n")) else { Issue.record("still invalid"); return }
        parser.reset()
        guard case .complete = parser.parse(bytes("GET / HTTP/1.1\r\nHost: t\r\n\r\n")) else { Issue.record("complete after reset"); return }
    }
}
