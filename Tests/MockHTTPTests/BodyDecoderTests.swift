import Testing
@testable import MockHTTP

/// Decodes `input` fed in pieces cut at `cuts`, the way a connection feeds its buffer.
private func decode(_ decoder: BodyDecoder, _ input: [UInt8], cuts: [Int]) -> (body: [UInt8], consumed: Int, result: BodyDecodeResult) {
    var decoder = decoder
    var body: [UInt8] = []
    var consumed = 0
    var available = 0
    for cut in cuts.sorted() + [input.count] where cut > available {
        available = min(cut, input.count)
        let (used, result) = decoder.decode(Array(input[consumed..<available]), into: &body)
        consumed += used
        if result != .needMore { return (body, consumed, result) }
    }
    return (body, consumed, .needMore)
}

@Suite struct BodyDecoderTests {
    static let chunkedWithExtrasRaw =
        "4;name=value;flag\r\nWiki\r\n5 ; spaced=\"quoted\"\r\npedia\r\n"
        + "E\r\n in\r\n\r\nchunks.\r\n0;last\r\nX-Trailer: yes\r\nX-Other:\tvalue\r\n\r\n"
    static let chunkedWithExtras = bytes(chunkedWithExtrasRaw)

    @Test func chunkedWithExtensionsAndTrailers() {
        let next = bytes("GET /next HTTP/1.1\r\nHost: t\r\n\r\n")
        let input = Self.chunkedWithExtras + next
        let decoded = decode(.chunked(maxBodyBytes: 1 << 20), input, cuts: [])
        #expect(decoded.result == .done)
        #expect(String(decoding: decoded.body, as: UTF8.self) == "Wikipedia in\r\n\r\nchunks.")
        #expect(decoded.consumed == Self.chunkedWithExtras.count, "must stop at the end of the body")
    }

    @Test func chunkedSplitsAnywhere() {
        let input = Self.chunkedWithExtras
        let whole = decode(.chunked(maxBodyBytes: 1 << 20), input, cuts: [])
        let byteByByte = decode(.chunked(maxBodyBytes: 1 << 20), input, cuts: Array(1..<input.count))
        #expect(byteByByte.body == whole.body && byteByByte.consumed == whole.consumed && byteByByte.result == .done)
        var generator = SeededGenerator(seed: 42)
        for _ in 0..<50 {
            let cuts = (0..<5).map { _ in Int.random(in: 1..<input.count, using: &generator) }
            let split = decode(.chunked(maxBodyBytes: 1 << 20), input, cuts: cuts)
            #expect(split.body == whole.body && split.consumed == whole.consumed && split.result == .done, "cuts \(cuts)")
        }
    }

    @Test(arguments: [
        "zz\r\n",                 // not hex
        "\r\n",                   // no digits
        ";ext\r\n",               // extension without size
        "4\r\nWikiXX\r\n",        // data not followed by CRLF
        "4\nWiki\r\n0\r\n\r\n",   // bare LF after size
        "4 x\r\n",                // junk after size
        "4;a\u{01}b\r\n",         // control character in extension
        "0\r\nX: a\u{01}\r\n\r\n", // control character in trailer
        "0\r\n\r\r",              // bad final line
    ])
    func badChunkFramingIs400(_ raw: String) {
        let decoded = decode(.chunked(maxBodyBytes: 1 << 20), bytes(raw), cuts: [])
        guard case .invalid(let failure) = decoded.result else {
            Issue.record("expected 400, got \(decoded.result)")
            return
        }
        #expect(failure.status == 400)
    }

    @Test(arguments: [
        "9\r\n",                                 // one chunk over the cap
        "5\r\nhello\r\n5\r\nworld\r\n",          // the sum over the cap
        "FFFFFFFFFFFFFFFFFFFFFFFF\r\n",          // would overflow Int
    ])
    func oversizedChunkedBodyIs413(_ raw: String) {
        let decoded = decode(.chunked(maxBodyBytes: 8), bytes(raw), cuts: [])
        guard case .invalid(let failure) = decoded.result else {
            Issue.record("expected 413, got \(decoded.result)")
            return
        }
        #expect(failure.status == 413)
    }

    @Test func overlongChunkExtensionIsRefused() {
        let raw = bytes("1;" + String(repeating: "e", count: BodyDecoder.maxLineBytes + 10) + "\r\nx\r\n0\r\n\r\n")
        let decoded = decode(.chunked(maxBodyBytes: 1 << 20), raw, cuts: [])
        #expect(decoded.result == .invalid(.badRequest("A chunk size line or the trailer section is too long.")))
    }

    @Test func contentLengthSplitArbitrarily() {
        let body = patternBytes(1000)
        let input = body + bytes("GET /next HTTP/1.1\r\nHost: t\r\n\r\n")
        var generator = SeededGenerator(seed: 99)
        for round in 0..<60 {
            let cuts = round == 0 ? Array(1..<input.count) : (0..<Int.random(in: 1...8, using: &generator)).map { _ in
                Int.random(in: 1..<input.count, using: &generator)
            }
            let decoded = decode(.contentLength(1000, maxBodyBytes: 1 << 20), input, cuts: cuts)
            #expect(decoded.result == .done)
            #expect(decoded.consumed == 1000)
            #expect(decoded.body == body)
        }
    }

    @Test func zeroLengthBodyIsImmediatelyDone() {
        let decoded = decode(.contentLength(0, maxBodyBytes: 10), bytes("GET"), cuts: [])
        #expect(decoded.result == .done && decoded.consumed == 0 && decoded.body.isEmpty)
    }
}
