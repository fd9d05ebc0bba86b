/// Why a request head (or body framing) was refused, and with which status.
struct HTTPParseFailure: Error, Equatable, Sendable {
    var status: Int
    var message: String

    static func badRequest(_ message: String) -> HTTPParseFailure { HTTPParseFailure(status: 400, message: message) }
}

/// A complete request head plus the framing facts the connection needs.
struct ParsedRequestHead: Sendable {
    /// The public view (remoteAddress is left empty; the connection fills it in).
    var head: HTTPRequestHead
    /// Declared Content-Length, nil when absent.
    var contentLength: Int?
    var isChunked: Bool
    /// Whether the connection may stay open after this request (version + Connection header).
    var keepAlive: Bool
    /// `Expect: 100-continue` on an HTTP/1.1 request.
    var expectsContinue: Bool
    var isHEAD: Bool

    var hasBody: Bool { isChunked || (contentLength ?? 0) > 0 }
}

enum HeadParseResult: Sendable {
    case incomplete
    /// `consumed` counts the head bytes including leading empty lines and the final CRLF.
    case complete(ParsedRequestHead, consumed: Int)
    case invalid(HTTPParseFailure)
}

/// Incremental, byte-level parser for an HTTP/1.x request head. Pure: no I/O, no clock.
///
/// Contract: call `parse` with a buffer that starts at the first byte of the request and grows
/// between calls (the same prefix plus new bytes). Each byte is examined once; the parser keeps
/// its position and offsets relative to the start of the buffer. After `.complete` the parser
/// has reset itself for the next request (pass a buffer starting right after `consumed`).
/// After `.invalid` it stays failed until `reset()`.
struct RequestHeadParser {
    private enum State: UInt8 {
        case beforeRequest, beforeRequestLF
        case method, target, version, requestLineLF
        case lineStart, headerName, valueLeadingSpace, value, valueLF, finalLF
        case failed
    }

    private struct FieldRange {
        var nameStart: Int
        var nameEnd: Int
        var valueStart: Int
        var valueEnd: Int
    }

    let maxHeadBytes: Int

    private var state: State = .beforeRequest
    private var position = 0
    private var failure: HTTPParseFailure?

    private var methodStart = 0
    private var methodEnd = 0
    private var targetStart = 0
    private var targetEnd = 0
    private var versionStart = 0
    private var minorVersion = 1
    private var lineStart = 0
    private var nameEnd = 0
    private var valueStart = 0
    private var valueEnd = 0
    private var fields: [FieldRange] = []

    // Framing facts gathered as each header line completes.
    private var contentLength: Int?
    private var sawTransferEncoding = false
    private var chunkedCount = 0
    private var lastCodingIsChunked = false
    private var unknownCoding = false
    private var connectionClose = false
    private var connectionKeepAlive = false
    private var expectsContinue = false
    private var unsupportedExpectation = false
    private var hostCount = 0

    init(maxHeadBytes: Int = 64 * 1024) {
        self.maxHeadBytes = maxHeadBytes
        fields.reserveCapacity(16)
    }

    /// Forget everything about the current request; keeps allocated capacity.
    mutating func reset() {
        state = .beforeRequest
        position = 0
        failure = nil
        fields.removeAll(keepingCapacity: true)
        contentLength = nil
        sawTransferEncoding = false
        chunkedCount = 0
        lastCodingIsChunked = false
        unknownCoding = false
        connectionClose = false
        connectionKeepAlive = false
        expectsContinue = false
        unsupportedExpectation = false
        hostCount = 0
    }

    /// Convenience for tests and small callers.
    mutating func parse(_ bytes: [UInt8]) -> HeadParseResult {
        bytes.withUnsafeBufferPointer { parse($0) }
    }

    mutating func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> HeadParseResult {
        if let failure { return .invalid(failure) }
        // Bytes at index >= maxHeadBytes are never examined: a head that has not ended by then
        // is too large, whatever follows. This keeps the verdict independent of read splits.
        let end = min(bytes.count, maxHeadBytes)
        var i = position
        var state = self.state
        while i < end {
            let b = bytes[i]
            switch state {
            case .beforeRequest:
                // RFC 9112 §2.2: ignore empty lines before the request line.
                if b == ASCII.cr {
                    state = .beforeRequestLF
                } else if ASCII.isTokenChar(b) {
                    methodStart = i
                    state = .method
                } else {
                    return fail(.badRequest("The request line is malformed."))
                }
            case .beforeRequestLF:
                guard b == ASCII.lf else { return fail(.badRequest("The request line is malformed.")) }
                state = .beforeRequest
            case .method:
                if b == ASCII.space {
                    methodEnd = i
                    targetStart = i + 1
                    state = .target
                } else if !ASCII.isTokenChar(b) {
                    return fail(.badRequest("The request method is malformed."))
                }
            case .target:
                if b == ASCII.space {
                    guard i > targetStart else { return fail(.badRequest("The request target is empty.")) }
                    targetEnd = i
                    versionStart = i + 1
                    state = .version
                } else if b < 0x21 || b > 0x7E {
                    return fail(.badRequest("The request target contains an invalid character."))
                }
            case .version:
                if b == ASCII.cr {
                    if let bad = checkVersion(bytes, versionStart..<i) { return fail(bad) }
                    state = .requestLineLF
                } else if i - versionStart >= 8 {
                    return fail(.badRequest("The HTTP version is malformed."))
                }
            case .requestLineLF:
                guard b == ASCII.lf else { return fail(.badRequest("The request line must end with CRLF.")) }
                state = .lineStart
            case .lineStart:
                if b == ASCII.cr {
                    state = .finalLF
                } else if ASCII.isTokenChar(b) {
                    lineStart = i
                    state = .headerName
                } else if ASCII.isWhitespace(b) {
                    return fail(.badRequest("Folded header lines are not accepted."))
                } else {
                    return fail(.badRequest("A header line is malformed."))
                }
            case .headerName:
                if b == ASCII.colon {
                    nameEnd = i
                    state = .valueLeadingSpace
                } else if !ASCII.isTokenChar(b) {
                    if ASCII.isWhitespace(b) {
                        return fail(.badRequest("Whitespace between a header name and the colon is not allowed."))
                    }
                    if b == ASCII.cr || b == ASCII.lf {
                        return fail(.badRequest("A header line has no colon."))
                    }
                    return fail(.badRequest("A header name contains an invalid character."))
                }
            case .valueLeadingSpace:
                if ASCII.isWhitespace(b) { break }
                valueStart = i
                valueEnd = i
                if b == ASCII.cr {
                    state = .valueLF
                } else if ASCII.isFieldValueChar(b) {
                    valueEnd = i + 1
                    state = .value
                } else {
                    return fail(.badRequest("A header value contains a control character."))
                }
            case .value:
                if ASCII.isFieldValueChar(b) {
                    valueEnd = i + 1  // trailing whitespace never moves valueEnd, so it is trimmed
                } else if b == ASCII.cr {
                    state = .valueLF
                } else if !ASCII.isWhitespace(b) {
                    return fail(.badRequest("A header value contains a control character."))
                }
            case .valueLF:
                guard b == ASCII.lf else { return fail(.badRequest("A header line must end with CRLF.")) }
                if let bad = recordField(bytes) { return fail(bad) }
                state = .lineStart
            case .finalLF:
                guard b == ASCII.lf else { return fail(.badRequest("The header section must end with CRLF.")) }
                return finish(bytes, consumed: i + 1)
            case .failed:
                return .invalid(failure ?? .badRequest("The request is malformed."))
            }
            i += 1
        }
        self.state = state
        position = i
        if i >= maxHeadBytes {
            return fail(HTTPParseFailure(status: 431, message: "The request head exceeds \(maxHeadBytes) bytes."))
        }
        return .incomplete
    }

    // MARK: - Pieces

    private mutating func fail(_ failure: HTTPParseFailure) -> HeadParseResult {
        self.failure = failure
        state = .failed
        return .invalid(failure)
    }

    /// Exactly "HTTP/d.d"; 1.0 and 1.1 are served, other well-formed versions get 505.
    private mutating func checkVersion(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> HTTPParseFailure? {
        let malformed = HTTPParseFailure.badRequest("The HTTP version is malformed.")
        guard range.count == 8 else { return malformed }
        let s = range.lowerBound
        guard bytes[s] == UInt8(ascii: "H"), bytes[s + 1] == UInt8(ascii: "T"), bytes[s + 2] == UInt8(ascii: "T"),
              bytes[s + 3] == UInt8(ascii: "P"), bytes[s + 4] == UInt8(ascii: "/"), bytes[s + 6] == UInt8(ascii: ".")
        else { return malformed }
        let major = bytes[s + 5], minor = bytes[s + 7]
        guard (0x30...0x39).contains(major), (0x30...0x39).contains(minor) else { return malformed }
        guard major == UInt8(ascii: "1"), minor == UInt8(ascii: "0") || minor == UInt8(ascii: "1") else {
            return HTTPParseFailure(status: 505, message: "Only HTTP/1.0 and HTTP/1.1 are supported.")
        }
        minorVersion = Int(minor - 0x30)
        return nil
    }

    /// Stores the field and folds the framing headers into the parser's facts.
    private mutating func recordField(_ bytes: UnsafeBufferPointer<UInt8>) -> HTTPParseFailure? {
        fields.append(FieldRange(nameStart: lineStart, nameEnd: nameEnd, valueStart: valueStart, valueEnd: valueEnd))
        let name = lineStart..<nameEnd
        let value = valueStart..<valueEnd
        switch name.count {
        case 14 where ASCII.equalsLowercase(bytes, name, "content-length"):
            return recordContentLength(bytes, value)
        case 17 where ASCII.equalsLowercase(bytes, name, "transfer-encoding"):
            sawTransferEncoding = true
            return recordTransferCodings(bytes, value)
        case 10 where ASCII.equalsLowercase(bytes, name, "connection"):
            ASCII.forEachListElement(bytes, value) { range in
                if ASCII.equalsLowercase(bytes, range, "close") { connectionClose = true }
                else if ASCII.equalsLowercase(bytes, range, "keep-alive") { connectionKeepAlive = true }
            }
            return nil
        case 4 where ASCII.equalsLowercase(bytes, name, "host"):
            hostCount += 1
            return nil
        case 6 where ASCII.equalsLowercase(bytes, name, "expect"):
            if ASCII.equalsLowercase(bytes, value, "100-continue") {
                expectsContinue = true
            } else {
                unsupportedExpectation = true
            }
            return nil
        default:
            return nil
        }
    }

    /// Content-Length: digits only; a list or repeated header must repeat one value.
    private mutating func recordContentLength(_ bytes: UnsafeBufferPointer<UInt8>, _ value: Range<Int>) -> HTTPParseFailure? {
        var bad: HTTPParseFailure?
        var elements = 0
        ASCII.forEachListElement(bytes, value) { range in
            guard bad == nil else { return }
            elements += 1
            guard !range.isEmpty else { bad = .badRequest("Content-Length is not a number."); return }
            var n = 0
            for index in range {
                let b = bytes[index]
                guard b >= 0x30 && b <= 0x39 else { bad = .badRequest("Content-Length is not a number."); return }
                let (m, o1) = n.multipliedReportingOverflow(by: 10)
                let (s, o2) = m.addingReportingOverflow(Int(b - 0x30))
                guard !o1 && !o2 else { bad = .badRequest("Content-Length is too large to represent."); return }
                n = s
            }
            if let existing = contentLength, existing != n {
                bad = .badRequest("Content-Length is given more than once with different values.")
                return
            }
            contentLength = n
        }
        if bad == nil && elements == 0 { bad = .badRequest("Content-Length is empty.") }
        return bad
    }

    /// Transfer-Encoding: the only coding served is a single, final "chunked".
    private mutating func recordTransferCodings(_ bytes: UnsafeBufferPointer<UInt8>, _ value: Range<Int>) -> HTTPParseFailure? {
        var bad: HTTPParseFailure?
        ASCII.forEachListElement(bytes, value) { range in
            guard bad == nil, !range.isEmpty else { return }
            // A coding may carry parameters (";q=..."); only its name matters here.
            var nameEnd = range.lowerBound
            while nameEnd < range.upperBound && ASCII.isTokenChar(bytes[nameEnd]) { nameEnd += 1 }
            guard nameEnd > range.lowerBound else { bad = .badRequest("Transfer-Encoding is malformed."); return }
            if ASCII.equalsLowercase(bytes, range.lowerBound..<nameEnd, "chunked") && nameEnd == range.upperBound {
                chunkedCount += 1
                lastCodingIsChunked = true
            } else {
                unknownCoding = true
                lastCodingIsChunked = false
            }
        }
        return bad
    }

    private mutating func finish(_ bytes: UnsafeBufferPointer<UInt8>, consumed: Int) -> HeadParseResult {
        if sawTransferEncoding {
            if contentLength != nil {
                return fail(.badRequest("Content-Length and Transfer-Encoding must not both be sent."))
            }
            if minorVersion == 0 {
                return fail(.badRequest("Transfer-Encoding is not allowed in an HTTP/1.0 request."))
            }
            if unknownCoding {
                return fail(HTTPParseFailure(status: 501, message: "Only the chunked transfer coding is supported."))
            }
            if chunkedCount != 1 || !lastCodingIsChunked {
                return fail(.badRequest("Transfer-Encoding must be chunked, given once."))
            }
        }
        if unsupportedExpectation {
            return fail(HTTPParseFailure(status: 417, message: "Only 'Expect: 100-continue' is supported."))
        }

        // RFC 9112 §3.2: exactly one Host in an HTTP/1.1 request (HTTP/1.0 may leave it out). A
        // target in absolute form ("http://host/path", as sent to a proxy) names the host itself:
        // its authority then stands for Host, and the rest is the target.
        var target = targetStart..<targetEnd
        var authority: Range<Int>?
        if let (host, rest) = Self.splitAbsoluteForm(bytes, target) {
            guard !host.isEmpty, !bytes[host].contains(UInt8(ascii: "@")) else {
                return fail(.badRequest("The request target's authority must name a host, without user information."))
            }
            authority = host
            target = rest
        }
        if hostCount > 1 {
            return fail(.badRequest("A request must carry one Host header, not \(hostCount)."))
        }
        if hostCount == 0 && minorVersion == 1 && authority == nil {
            return fail(.badRequest("An HTTP/1.1 request must carry a Host header."))
        }

        var list: [(name: String, value: String)] = []
        list.reserveCapacity(fields.count + 1)
        for field in fields {
            if authority != nil, field.nameEnd - field.nameStart == 4,
               ASCII.equalsLowercase(bytes, field.nameStart..<field.nameEnd, "host") { continue }
            list.append((
                name: Self.string(bytes, field.nameStart..<field.nameEnd),
                value: Self.string(bytes, field.valueStart..<field.valueEnd)
            ))
        }
        if let authority { list.append((name: "Host", value: Self.string(bytes, authority))) }
        // An absolute-form target with no path ("http://host" or "http://host?q") asks for "/".
        let targetText = target.isEmpty || bytes[target.lowerBound] == UInt8(ascii: "?")
            ? "/" + Self.string(bytes, target) : Self.string(bytes, target)
        let version = minorVersion == 0 ? HTTPVersion.http1_0 : HTTPVersion.http1_1
        // Methods are case-sensitive: only "HEAD" is HEAD.
        let isHEAD = methodEnd - methodStart == 4
            && bytes[methodStart] == UInt8(ascii: "H") && bytes[methodStart + 1] == UInt8(ascii: "E")
            && bytes[methodStart + 2] == UInt8(ascii: "A") && bytes[methodStart + 3] == UInt8(ascii: "D")
        let keepAlive = minorVersion == 1 ? !connectionClose : (connectionKeepAlive && !connectionClose)
        let parsed = ParsedRequestHead(
            head: HTTPRequestHead(
                method: Self.string(bytes, methodStart..<methodEnd),
                target: targetText,
                version: version,
                headers: HTTPHeaders(list),
                remoteAddress: ""),
            contentLength: contentLength,
            isChunked: sawTransferEncoding,
            keepAlive: keepAlive,
            expectsContinue: expectsContinue && minorVersion == 1,
            isHEAD: isHEAD)
        reset()
        return .complete(parsed, consumed: consumed)
    }

    /// For "http://authority/rest" or "https://authority?rest" (scheme in any case): the
    /// authority's range and the rest's (which starts with '/' or '?', or is empty). Nil for any
    /// other target.
    private static func splitAbsoluteForm(_ bytes: UnsafeBufferPointer<UInt8>, _ target: Range<Int>)
        -> (authority: Range<Int>, rest: Range<Int>)? {
        let schemeEnd: Int
        if target.count >= 7, ASCII.equalsLowercase(bytes, target.lowerBound..<target.lowerBound + 7, "http://") {
            schemeEnd = target.lowerBound + 7
        } else if target.count >= 8, ASCII.equalsLowercase(bytes, target.lowerBound..<target.lowerBound + 8, "https://") {
            schemeEnd = target.lowerBound + 8
        } else {
            return nil
        }
        var end = schemeEnd
        while end < target.upperBound && bytes[end] != UInt8(ascii: "/") && bytes[end] != UInt8(ascii: "?") { end += 1 }
        return (schemeEnd..<end, end..<target.upperBound)
    }

    @inline(__always)
    private static func string(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }
}
