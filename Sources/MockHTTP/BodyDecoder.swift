enum BodyDecodeResult: Equatable, Sendable {
    case needMore
    case done
    case invalid(HTTPParseFailure)
}

/// Resumable decoder for one request body: Content-Length or chunked. Pure, like the head
/// parser: feed whatever bytes are available, it appends decoded bytes to `body` and reports
/// how many input bytes it consumed. It never consumes past the end of the body, so bytes of a
/// pipelined next request stay with the caller.
struct BodyDecoder {
    private enum Chunk: UInt8 {
        case size, sizeWhitespace, ext, sizeLF
        case data, dataCR, dataLF
        case trailerLineStart, trailerLine, trailerLF, finalLF
    }

    private enum Mode {
        case length(remaining: Int)
        case chunked(Chunk)
        case finished
    }

    /// A chunk-size line (with extensions) or a trailer section longer than this is refused.
    static let maxLineBytes = 16 * 1024

    let maxBodyBytes: Int
    private var mode: Mode
    private var chunkSize = 0
    private var sizeDigits = 0
    private var chunkRemaining = 0
    private var lineBytes = 0

    static func contentLength(_ length: Int, maxBodyBytes: Int) -> BodyDecoder {
        BodyDecoder(mode: length > 0 ? .length(remaining: length) : .finished, maxBodyBytes: maxBodyBytes)
    }

    static func chunked(maxBodyBytes: Int) -> BodyDecoder {
        BodyDecoder(mode: .chunked(.size), maxBodyBytes: maxBodyBytes)
    }

    private init(mode: Mode, maxBodyBytes: Int) {
        self.mode = mode
        self.maxBodyBytes = maxBodyBytes
    }

    var isFinished: Bool {
        if case .finished = mode { return true }
        return false
    }

    /// Convenience for tests.
    mutating func decode(_ input: [UInt8], into body: inout [UInt8]) -> (consumed: Int, result: BodyDecodeResult) {
        input.withUnsafeBufferPointer { decode($0, into: &body) }
    }

    mutating func decode(_ input: UnsafeBufferPointer<UInt8>, into body: inout [UInt8]) -> (consumed: Int, result: BodyDecodeResult) {
        switch mode {
        case .finished:
            return (0, .done)
        case .length(let remaining):
            let take = min(remaining, input.count)
            body.append(contentsOf: UnsafeBufferPointer(rebasing: input[0..<take]))
            if take == remaining {
                mode = .finished
                return (take, .done)
            }
            mode = .length(remaining: remaining - take)
            return (take, .needMore)
        case .chunked(let chunk):
            return decodeChunked(input, state: chunk, into: &body)
        }
    }

    private mutating func decodeChunked(_ input: UnsafeBufferPointer<UInt8>, state start: Chunk,
                                        into body: inout [UInt8]) -> (consumed: Int, result: BodyDecodeResult) {
        var state = start
        var i = 0
        let count = input.count
        func bad(_ message: String) -> (Int, BodyDecodeResult) {
            (i, .invalid(.badRequest(message)))
        }
        while i < count {
            if state == .data {
                let take = min(chunkRemaining, count - i)
                body.append(contentsOf: UnsafeBufferPointer(rebasing: input[i..<(i + take)]))
                chunkRemaining -= take
                i += take
                if chunkRemaining == 0 { state = .dataCR }
                continue
            }
            let b = input[i]
            switch state {
            case .size:
                if let digit = ASCII.hexValue(b) {
                    sizeDigits += 1
                    chunkSize = chunkSize &* 16 &+ digit
                    // Anything past the cap is refused anyway, so this also rules out overflow.
                    if chunkSize > maxBodyBytes {
                        mode = .chunked(state)
                        return (i, .invalid(Self.tooLarge(maxBodyBytes)))
                    }
                } else if sizeDigits == 0 {
                    return bad("A chunk size is malformed.")
                } else if ASCII.isWhitespace(b) {
                    state = .sizeWhitespace
                } else if b == ASCII.semicolon {
                    state = .ext
                } else if b == ASCII.cr {
                    state = .sizeLF
                } else {
                    return bad("A chunk size is malformed.")
                }
            case .sizeWhitespace:
                if b == ASCII.semicolon {
                    state = .ext
                } else if b == ASCII.cr {
                    state = .sizeLF
                } else if !ASCII.isWhitespace(b) {
                    return bad("A chunk size is malformed.")
                }
            case .ext:
                // Extensions are allowed and ignored; only control characters are refused.
                if b == ASCII.cr {
                    state = .sizeLF
                } else if (b < 0x20 && b != ASCII.tab) || b == 0x7F {
                    return bad("A chunk extension contains a control character.")
                }
            case .sizeLF:
                guard b == ASCII.lf else { return bad("A chunk size line must end with CRLF.") }
                if chunkSize == 0 {
                    state = .trailerLineStart
                } else {
                    if body.count + chunkSize > maxBodyBytes {
                        mode = .chunked(state)
                        return (i, .invalid(Self.tooLarge(maxBodyBytes)))
                    }
                    chunkRemaining = chunkSize
                    state = .data
                }
                chunkSize = 0
                sizeDigits = 0
                lineBytes = 0
            case .data:
                break  // handled above
            case .dataCR:
                guard b == ASCII.cr else { return bad("Chunk data must be followed by CRLF.") }
                state = .dataLF
            case .dataLF:
                guard b == ASCII.lf else { return bad("Chunk data must be followed by CRLF.") }
                state = .size
            case .trailerLineStart:
                // Trailer fields are allowed and ignored.
                if b == ASCII.cr {
                    state = .finalLF
                } else if b < 0x20 || b == 0x7F {
                    return bad("A trailer field is malformed.")
                } else {
                    state = .trailerLine
                }
            case .trailerLine:
                if b == ASCII.cr {
                    state = .trailerLF
                } else if (b < 0x20 && b != ASCII.tab) || b == 0x7F {
                    return bad("A trailer field contains a control character.")
                }
            case .trailerLF:
                guard b == ASCII.lf else { return bad("A trailer line must end with CRLF.") }
                state = .trailerLineStart
            case .finalLF:
                guard b == ASCII.lf else { return bad("The chunked body must end with CRLF.") }
                mode = .finished
                return (i + 1, .done)
            }
            i += 1
            if state != .data {
                lineBytes += 1
                if lineBytes > Self.maxLineBytes {
                    return bad("A chunk size line or the trailer section is too long.")
                }
            }
        }
        mode = .chunked(state)
        return (i, .needMore)
    }

    static func tooLarge(_ max: Int) -> HTTPParseFailure {
        HTTPParseFailure(status: 413, message: "The request body exceeds \(max) bytes.")
    }
}
