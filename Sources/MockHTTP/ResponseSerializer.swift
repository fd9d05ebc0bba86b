/// The one place where responses become bytes (a later gzip step belongs here too).
enum ResponseSerializer {
    /// What the server says about the connection in this response.
    enum ConnectionDirective {
        /// HTTP/1.1 keep-alive is implicit: say nothing.
        case implicit
        /// HTTP/1.0 client asked for keep-alive: echo it.
        case keepAlive
        case close
    }

    static let continueResponse: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    /// Whether the handler asked to close the connection via its own `Connection` header.
    static func requestsClose(_ headers: HTTPHeaders) -> Bool {
        for field in headers.fields where ASCII.equalsLowercase(field.name, "connection") {
            let bytes = Array(field.value.utf8)
            var found = false
            bytes.withUnsafeBufferPointer { buffer in
                ASCII.forEachListElement(buffer, 0..<buffer.count) { range in
                    if ASCII.equalsLowercase(buffer, range, "close") { found = true }
                }
            }
            if found { return true }
        }
        return false
    }

    /// Appends status line, headers and (unless `headOnly`) body to `out`.
    ///
    /// - The handler's headers are kept in order, except hop-by-hop framing the server owns:
    ///   `Connection` and `Transfer-Encoding` are dropped, and `Content-Length` is written by the
    ///   server from the body (for HEAD, a Content-Length the handler set is kept as given, since
    ///   a HEAD handler may describe a body it does not send).
    /// - No Content-Length and no body for 1xx, 204 and 304.
    /// - Fields whose name or value could break the framing (CR, LF, NUL) are skipped.
    static func append(_ response: HTTPResponse, headOnly: Bool, connection: ConnectionDirective, to out: inout [UInt8]) {
        let status = response.status
        let bodyAllowed = !(status < 200 || status == 204 || status == 304)
        let reason = HTTPStatus.reason(status)
        out.reserveCapacity(out.count + 128 + response.headers.count * 48 + (headOnly ? 0 : response.body.count))

        ASCIIBytes.append("HTTP/1.1 ", to: &out)
        ASCIIBytes.appendDecimal(status, to: &out)
        out.append(ASCII.space)
        out.append(contentsOf: reason.utf8)
        appendCRLF(to: &out)

        var keptHandlerLength = false
        for field in response.headers.fields {
            let name = field.name
            if ASCII.equalsLowercase(name, "connection") || ASCII.equalsLowercase(name, "transfer-encoding") {
                continue
            }
            if ASCII.equalsLowercase(name, "content-length") {
                guard headOnly && bodyAllowed && !keptHandlerLength else { continue }
                keptHandlerLength = true
            }
            guard isSafeFieldText(name, isName: true), isSafeFieldText(field.value, isName: false) else { continue }
            out.append(contentsOf: name.utf8)
            out.append(ASCII.colon)
            out.append(ASCII.space)
            out.append(contentsOf: field.value.utf8)
            appendCRLF(to: &out)
        }
        if bodyAllowed && !keptHandlerLength {
            ASCIIBytes.append("Content-Length: ", to: &out)
            ASCIIBytes.appendDecimal(response.body.count, to: &out)
            appendCRLF(to: &out)
        }
        switch connection {
        case .implicit: break
        case .keepAlive: ASCIIBytes.append("Connection: keep-alive\r\n", to: &out)
        case .close: ASCIIBytes.append("Connection: close\r\n", to: &out)
        }
        appendCRLF(to: &out)
        if bodyAllowed && !headOnly {
            out.append(contentsOf: response.body)
        }
    }

    /// The small JSON error the transport itself produces (400, 408, 413, 431, 501, 505 ...),
    /// shaped like Capella's error bodies.
    static func transportError(status: Int, message: String) -> HTTPResponse {
        let code = status == 400 ? 1000 : status
        var body: [UInt8] = []
        body.reserveCapacity(160 + message.utf8.count)
        ASCIIBytes.append("{\"httpStatusCode\":", to: &body)
        ASCIIBytes.appendDecimal(status, to: &body)
        ASCIIBytes.append(",\"code\":", to: &body)
        ASCIIBytes.appendDecimal(code, to: &body)
        ASCIIBytes.append(",\"message\":\"", to: &body)
        appendJSONEscaped(message, to: &body)
        ASCIIBytes.append("\",\"hint\":\"", to: &body)
        appendJSONEscaped(hint(for: status), to: &body)
        ASCIIBytes.append("\"}", to: &body)
        var headers = HTTPHeaders()
        headers.add("Content-Type", "application/json")
        return HTTPResponse(status: status, headers: headers, body: body)
    }

    static func hint(for status: Int) -> String {
        switch status {
        case 408: return "Send the complete request sooner."
        case 413: return "Send a request body no larger than the limit."
        case 417: return "Only 'Expect: 100-continue' is supported."
        case 431: return "Send fewer or smaller headers."
        case 501: return "Send the body with Content-Length or chunked transfer coding."
        case 505: return "Use HTTP/1.1."
        default: return "Check that the request is well-formed HTTP/1.1."
        }
    }

    // MARK: - Byte helpers

    @inline(__always)
    static func appendCRLF(to out: inout [UInt8]) {
        out.append(ASCII.cr)
        out.append(ASCII.lf)
    }

    private static func appendJSONEscaped(_ text: String, to out: inout [UInt8]) {
        for b in text.utf8 {
            switch b {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                out.append(UInt8(ascii: "\\"))
                out.append(b)
            case 0..<0x20:
                out.append(UInt8(ascii: " "))
            default:
                out.append(b)
            }
        }
    }

    private static func isSafeFieldText(_ text: String, isName: Bool) -> Bool {
        if isName && text.isEmpty { return false }
        let unsafe: (UInt8) -> Bool = { b in
            b == ASCII.cr || b == ASCII.lf || b == 0 || (isName && (b == ASCII.colon || b <= 0x20))
        }
        // In place when the string allows it: every header of every response passes here.
        return !(text.utf8.withContiguousStorageIfAvailable { $0.contains(where: unsafe) } ?? text.utf8.contains(where: unsafe))
    }
}
