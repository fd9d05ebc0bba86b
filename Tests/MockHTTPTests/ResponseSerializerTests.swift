import Testing
@testable import MockHTTP

@Suite struct ResponseSerializerTests {
    private func render(_ response: HTTPResponse, headOnly: Bool = false,
                        connection: ResponseSerializer.ConnectionDirective = .implicit) -> String {
        var out: [UInt8] = []
        ResponseSerializer.append(response, headOnly: headOnly, connection: connection, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @Test func addsContentLengthAndKeepsHandlerHeaders() {
        var headers = HTTPHeaders()
        headers.add("Content-Type", "application/json")
        headers.add("X-Request-Id", "abc")
        headers.add("Content-Length", "999")        // replaced by the real length
        headers.add("Transfer-Encoding", "chunked") // the server never chunks
        let text = render(HTTPResponse(status: 201, headers: headers, body: bytes("{}")))
        #expect(text == "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nX-Request-Id: abc\r\nContent-Length: 2\r\n\r\n{}")
    }

    @Test func headKeepsLengthButNoBody() {
        #expect(render(HTTPResponse(status: 200, body: bytes("hello")), headOnly: true)
            == "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n")
        var headers = HTTPHeaders()
        headers.add("Content-Length", "1234")
        #expect(render(HTTPResponse(status: 200, headers: headers), headOnly: true)
            == "HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n")
    }

    @Test func noLengthOrBodyFor204And304() {
        #expect(render(HTTPResponse(status: 204, body: bytes("x"))) == "HTTP/1.1 204 No Content\r\n\r\n")
        #expect(render(HTTPResponse(status: 304), connection: .close) == "HTTP/1.1 304 Not Modified\r\nConnection: close\r\n\r\n")
    }

    @Test func connectionDirectives() {
        var headers = HTTPHeaders()
        headers.add("connection", "Close")
        #expect(ResponseSerializer.requestsClose(headers))
        #expect(!ResponseSerializer.requestsClose(HTTPHeaders([("Connection", "keep-alive")])))
        #expect(render(HTTPResponse(status: 200, headers: headers), connection: .close)
            == "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        #expect(render(HTTPResponse(status: 200), connection: .keepAlive)
            == "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: keep-alive\r\n\r\n")
    }

    @Test func headerInjectionIsDropped() {
        let headers = HTTPHeaders([("X-Evil", "a\r\nSet-Cookie: x"), ("Bad Name", "v"), ("X-Ok", "fine")])
        #expect(render(HTTPResponse(status: 200, headers: headers))
            == "HTTP/1.1 200 OK\r\nX-Ok: fine\r\nContent-Length: 0\r\n\r\n")
    }

    @Test func transportErrorBody() {
        let response = ResponseSerializer.transportError(status: 400, message: "The \"line\" is bad.")
        #expect(response.headers["content-type"] == "application/json")
        #expect(String(decoding: response.body, as: UTF8.self)
            == "{\"httpStatusCode\":400,\"code\":1000,\"message\":\"The \\\"line\\\" is bad.\",\"hint\":\"Check that the request is well-formed HTTP/1.1.\"}")
        let large = ResponseSerializer.transportError(status: 413, message: "big")
        #expect(String(decoding: large.body, as: UTF8.self).hasPrefix("{\"httpStatusCode\":413,\"code\":413,"))
    }

    @Test func decimals() {
        for value in [0, 7, 10, 99, 100, 12345, 18 * 1024 * 1024, Int.max, -1, -12345, Int.min] {
            var out: [UInt8] = []
            ASCIIBytes.appendDecimal(value, to: &out)
            #expect(String(decoding: out, as: UTF8.self) == String(value))
        }
    }
}
