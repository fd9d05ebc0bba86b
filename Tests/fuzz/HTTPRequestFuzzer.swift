// libFuzzer target: the bytes a client sends on one connection, through the request head parser,
// the body decoder and (for gzip bodies) the inflater, as Connection drives them.
//
// Compiled by Tests/fuzz/build.sh together with the MockHTTP sources it tests, so it sees their
// internal types. Besides "no crash, no sanitizer report", every input must give the same answer
// whether it arrives in one read or one byte per read: the server's verdict may never depend on
// how the network split the stream.

import CZlib

/// Small limits, so that the fuzzer reaches the 413 and 431 paths with short inputs.
private let maxHeadBytes = 2048
private let maxBodyBytes = 4096
/// Requests read from one input, like a pipelining client.
private let maxRequestsPerInput = 8

/// One codec for the whole run, as a worker queue keeps one: each input also checks that a reset
/// stream forgets the previous body.
nonisolated(unsafe) private let codec = GzipCodec()

@_cdecl("LLVMFuzzerTestOneInput")
public func httpRequestFuzzerTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    var offset = 0
    for _ in 0..<maxRequestsPerInput {
        let stream = Array(input[offset...])
        guard !stream.isEmpty else { break }
        let whole = readHead(stream, byteByByte: false)
        let split = readHead(stream, byteByByte: true)
        require(whole.verdict == split.verdict, "the head verdict depends on the read split:\n  \(whole.verdict)\n  \(split.verdict)")
        guard let head = whole.parsed, case .complete(_, let consumed) = whole.verdict else { break }
        checkHead(head, consumed: consumed, of: stream)

        let rest = Array(stream[consumed...])
        let body = readBody(rest, head: head, byteByByte: false)
        let bodySplit = readBody(rest, head: head, byteByByte: true)
        require(body == bodySplit, "the body verdict depends on the read split:\n  \(body)\n  \(bodySplit)")
        guard case .done(let bytes, let used) = body else { break }
        require(used <= rest.count, "the body decoder consumed more than it was given")
        require(bytes.count <= maxBodyBytes, "a body of \(bytes.count) bytes passed the \(maxBodyBytes)-byte limit")
        if let length = head.contentLength, !head.isChunked {
            require(bytes.count == length && used == length, "a Content-Length body was not read exactly")
        }
        if head.head.headers["Content-Encoding"]?.lowercased() == "gzip" { checkInflate(bytes) }
        offset += consumed + used
    }
    return 0
}

// MARK: - Head

/// The parts of a head verdict a connection acts on, comparable.
private enum HeadVerdict: Equatable {
    case incomplete
    case complete(Head, consumed: Int)
    case invalid(status: Int, message: String)

    struct Head: Equatable {
        var method: String
        var target: String
        var minorVersion: Int
        var headers: [String]
        var contentLength: Int?
        var isChunked: Bool
        var keepAlive: Bool
        var expectsContinue: Bool
        var isHEAD: Bool

        init(_ parsed: ParsedRequestHead) {
            method = parsed.head.method
            target = parsed.head.target
            minorVersion = parsed.head.version.minor
            headers = parsed.head.headers.fields.map { "\($0.name): \($0.value)" }
            contentLength = parsed.contentLength
            isChunked = parsed.isChunked
            keepAlive = parsed.keepAlive
            expectsContinue = parsed.expectsContinue
            isHEAD = parsed.isHEAD
        }
    }
}

/// Reads one head from the start of `stream`, in one read or one byte per read; the buffer handed
/// to the parser grows by each read, as Connection's does.
private func readHead(_ stream: [UInt8], byteByByte: Bool) -> (verdict: HeadVerdict, parsed: ParsedRequestHead?) {
    var parser = RequestHeadParser(maxHeadBytes: maxHeadBytes)
    var outcome: HeadParseResult = .incomplete
    if byteByByte {
        for end in 1...stream.count {
            outcome = stream.withUnsafeBufferPointer { parser.parse(UnsafeBufferPointer(rebasing: $0[0..<end])) }
            if case .incomplete = outcome { continue }
            break
        }
    } else {
        outcome = parser.parse(stream)
    }
    switch outcome {
    case .incomplete:
        return (.incomplete, nil)
    case .complete(let head, let consumed):
        return (.complete(HeadVerdict.Head(head), consumed: consumed), head)
    case .invalid(let failure):
        require([400, 417, 431, 501, 505].contains(failure.status), "unexpected parse status \(failure.status)")
        return (.invalid(status: failure.status, message: failure.message), nil)
    }
}

/// What every accepted head must satisfy, whatever the bytes were.
private func checkHead(_ parsed: ParsedRequestHead, consumed: Int, of stream: [UInt8]) {
    require(consumed > 0 && consumed <= stream.count && consumed <= maxHeadBytes, "consumed \(consumed) is out of range")
    require(stream[consumed - 1] == 0x0A, "the head did not end at a line feed")
    let head = parsed.head
    require(!head.method.isEmpty && !head.target.isEmpty, "an empty method or target was accepted")
    require(!head.target.utf8.contains(where: { $0 <= 0x20 || $0 == 0x7F }), "the target holds a space or control byte")
    for field in head.headers.fields {
        require(!field.name.isEmpty, "an empty header name was accepted")
        require(!field.value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0 }), "a header value holds CR, LF or NUL")
        require(field.value.utf8.first.map { $0 != 0x20 && $0 != 0x09 } ?? true, "a header value was not trimmed")
        require(field.value.utf8.last.map { $0 != 0x20 && $0 != 0x09 } ?? true, "a header value was not trimmed")
    }
    require(!(parsed.isChunked && parsed.contentLength != nil), "both Content-Length and chunked were accepted")
    require(head.version.minor == 1 || !parsed.isChunked, "chunked was accepted on HTTP/1.0")
}

// MARK: - Body

private enum BodyVerdict: Equatable {
    case done(body: [UInt8], consumed: Int)
    case needMore(bodySoFar: Int)
    case invalid(status: Int, message: String)
}

/// Decodes the body that follows `head`, fed in one piece or a byte at a time. Like Connection,
/// the decoder is always handed every byte it has not consumed yet.
private func readBody(_ rest: [UInt8], head: ParsedRequestHead, byteByByte: Bool) -> BodyVerdict {
    if let length = head.contentLength, length > maxBodyBytes {
        return .invalid(status: 413, message: "declared \(length)")
    }
    var decoder = head.isChunked
        ? BodyDecoder.chunked(maxBodyBytes: maxBodyBytes)
        : BodyDecoder.contentLength(head.contentLength ?? 0, maxBodyBytes: maxBodyBytes)
    var body: [UInt8] = []
    var consumed = 0
    var available = byteByByte ? 0 : rest.count
    while true {
        let pending = Array(rest[consumed..<available])
        let (used, result) = decoder.decode(pending, into: &body)
        require(used <= pending.count, "the body decoder consumed bytes it was not given")
        consumed += used
        switch result {
        case .done:
            require(decoder.isFinished, "the decoder reported done without finishing")
            return .done(body: body, consumed: consumed)
        case .invalid(let failure):
            require(failure.status == 400 || failure.status == 413, "unexpected body status \(failure.status)")
            return .invalid(status: failure.status, message: failure.message)
        case .needMore:
            require(body.count <= maxBodyBytes, "the body outgrew its limit while still reading")
            guard available < rest.count else { return .needMore(bodySoFar: body.count) }
            available = byteByByte ? available + 1 : rest.count
        }
    }
}

// MARK: - gzip

/// A gzip body either inflates within the limit, or is refused; what inflates compresses and
/// inflates back to the same bytes.
private func checkInflate(_ body: [UInt8]) {
    switch codec.decompress(body, limit: maxBodyBytes) {
    case .bytes(let inflated):
        require(inflated.count <= maxBodyBytes, "inflated past the limit")
        guard let again = codec.compress(inflated) else { fail("zlib could not compress \(inflated.count) bytes") }
        guard case .bytes(let back) = codec.decompress(again, limit: maxBodyBytes) else {
            fail("our own gzip output did not inflate")
        }
        require(back == inflated, "gzip round trip changed the bytes")
    case .corrupt, .tooLarge:
        break
    }
}

// MARK: - Failing

private func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if !condition() { fail(message()) }
}

private func fail(_ message: String) -> Never {
    fatalError("HTTPRequestFuzzer: \(message)")
}
