import Dispatch
import Glibc
import Synchronization
import Testing
@testable import MockHTTP

/// Request/response behaviour over real sockets.
@Suite struct LiveProtocolTests {
    @Test func keepAliveServesTwoRequestsOnOneConnection() throws {
        try withServer { server, port in
            let client = try RawClient(port: port)
            try client.send("GET /one HTTP/1.1\r\nHost: x\r\n\r\n")
            let first = try client.readResponse()
            #expect(first.status == 200)
            #expect(first.text == "hello /one")
            #expect(first.header("Content-Length") == "10")
            #expect(first.header("Content-Type") == "text/plain")
            #expect(first.header("Connection") == nil)
            try client.send("GET /two HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try client.readResponse().text == "hello /two")
            #expect(eventually { server.connectionCount == 1 })
        }
    }

    @Test func connectionCloseFromRequestOrHandlerCloses() throws {
        try withServer { _, port in
            let client = try RawClient(port: port)
            try client.send("GET /x HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.header("Connection") == "close")
            #expect(client.readsEOF())

            let other = try RawClient(port: port)
            try other.send("GET /close HTTP/1.1\r\nHost: t\r\n\r\n")
            let byHandler = try other.readResponse()
            #expect(byHandler.text == "bye")
            #expect(byHandler.header("Connection") == "close")
            #expect(other.readsEOF())
        }
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() throws {
        try withServer { _, port in
            let client = try RawClient(port: port)
            let paths = ["/a", "/b", "/c", "/d"]
            try client.send(paths.map { "GET \($0) HTTP/1.1\r\nHost: x\r\n\r\n" }.joined())
            for path in paths {
                #expect(try client.readResponse().text == "hello \(path)")
            }
        }
    }

    @Test func pipelinedOrderHoldsWhenOneAnswerComesLater() throws {
        try withServer { _, port in
            let client = try RawClient(port: port)
            try client.send(
                "GET /first HTTP/1.1\r\nHost: t\r\n\r\n"
                + "GET /slow?ms=150 HTTP/1.1\r\nHost: t\r\n\r\n"
                + "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello"
                + "GET /last HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().text == "hello /first")
            #expect(try client.readResponse().text == "slow 150")
            #expect(try client.readResponse().text == "hello")
            #expect(try client.readResponse().text == "hello /last")
        }
    }

    @Test func largeResponseReachesASlowReaderWhole() throws {
        let size = 5 * 1024 * 1024
        try withServer { server, port in
            let client = try RawClient(port: port, receiveTimeout: 10, receiveBuffer: 16 * 1024)
            let stallsBefore = server.core.writeStalls.load(ordering: .relaxed)
            try client.send("GET /big?bytes=\(size) HTTP/1.1\r\nHost: t\r\n\r\n")
            // Not reading yet: the server must hit EAGAIN and park the rest of the response.
            #expect(eventually { server.core.writeStalls.load(ordering: .relaxed) > stallsBefore })
            let response = try client.readResponse(chunkSize: 4096)
            #expect(response.status == 200)
            #expect(response.body.count == size)
            expectSameBytes(response.body, patternBytes(size))
            // And the connection is still usable afterwards.
            try client.send("GET /after HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().text == "hello /after")
        }
    }

    @Test func abortClosesWithoutAResponse() throws {
        try withServer { server, port in
            let client = try RawClient(port: port)
            try client.send("GET /abort HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(client.readToEnd().isEmpty)
            #expect(eventually { server.connectionCount == 0 })
        }
    }

    @Test func chunkedPostWithExtensionAndTrailer() throws {
        let recorder = Recorder()
        try withServer(handler: RouterHandler(recorder: recorder)) { _, port in
            let client = try RawClient(port: port)
            try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
            try client.send("6;note=first\r\nhello \r\n")
            try client.send("5\r\nworld\r\n0\r\nX-Checksum: abc\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.text == "hello world")
            #expect(response.header("X-Body-Length") == "11")
            // The connection stays in sync for the next request.
            try client.send("GET /next HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().text == "hello /next")
        }
    }

    @Test func expectContinueGets100ThenTheFinalResponse() throws {
        try withServer { _, port in
            let client = try RawClient(port: port)
            try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
            let interim = try client.readResponse()
            #expect(interim.status == 100)
            try client.send("12345")
            let final = try client.readResponse()
            #expect(final.status == 200)
            #expect(final.text == "12345")
        }
    }

    @Test func screenRefusesBeforeTheBodyWithout100() throws {
        let recorder = Recorder()
        try withServer(handler: RouterHandler(recorder: recorder)) { server, port in
            let client = try RawClient(port: port)
            try client.send("PUT /private/thing HTTP/1.1\r\nHost: t\r\nContent-Length: 1000000\r\nExpect: 100-continue\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 401)   // first thing on the wire: no 100 before it
            #expect(response.header("Connection") == "close")
            #expect(client.readsEOF())
            #expect(recorder.handled.load(ordering: .relaxed) == 0)

            // Without a body there is nothing to spare reading, so screen is not consulted: the
            // handler answers (this test router's handle() lets /private through) and the
            // connection stays open for the next request.
            let other = try RawClient(port: port)
            try other.send("GET /private HTTP/1.1\r\nHost: t\r\n\r\nGET /public HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try other.readResponse().text == "hello /private")
            #expect(try other.readResponse().text == "hello /public")
            #expect(recorder.screened.load(ordering: .relaxed) == 1)
            _ = server
        }
    }

    @Test func screenRefusalOfABodyStillOnItsWayCloses() throws {
        try withServer { _, port in
            let client = try RawClient(port: port)
            // Only part of the body has arrived: refusing now spares reading the rest, and the
            // connection closes because the unread rest would be taken for the next request.
            try client.send("POST /private HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\n0123")
            let response = try client.readResponse()
            #expect(response.status == 401)
            #expect(response.header("Connection") == "close")
            #expect(client.readsEOF())
        }
    }

    @Test func aBodyAlreadyReadIsNotScreened() throws {
        let recorder = Recorder()
        try withServer(handler: RouterHandler(recorder: recorder)) { _, port in
            // With the whole body here, screening would only repeat what handle() decides, so the
            // handler answers and the connection stays open for the pipelined request.
            let client = try RawClient(port: port)
            try client.send("POST /private HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\n0123456789GET /public HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().text == "hello /private")
            #expect(try client.readResponse().text == "hello /public")
            #expect(recorder.screened.load(ordering: .relaxed) == 0)
        }
    }

    @Test func expectContinueOverTheLimitGets413WithoutReading() throws {
        try withServer(configure: { $0.maxBodyBytes = 1000 }) { _, port in
            let client = try RawClient(port: port)
            try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 1001\r\nExpect: 100-continue\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 413)
            #expect(client.readsEOF())
        }
    }

    @Test func headThenGetOnOneConnection() throws {
        try withServer { _, port in
            let client = try RawClient(port: port)
            try client.send("HEAD /doc HTTP/1.1\r\nHost: t\r\n\r\nGET /doc HTTP/1.1\r\nHost: t\r\n\r\n")
            let head = try client.readResponse(headRequest: true)
            #expect(head.status == 200)
            #expect(head.header("Content-Length") == "10")
            let get = try client.readResponse()   // would fail if HEAD had leaked body bytes
            #expect(get.status == 200)
            #expect(get.text == "hello /doc")
        }
    }

    @Test func http10ClosesUnlessKeepAliveIsAsked() throws {
        try withServer { _, port in
            let plain = try RawClient(port: port)
            try plain.send("GET /old HTTP/1.0\r\n\r\n")
            let response = try plain.readResponse()
            #expect(response.status == 200)
            #expect(response.header("Connection") == "close")
            #expect(plain.readsEOF())

            let kept = try RawClient(port: port)
            try kept.send("GET /one HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            let first = try kept.readResponse()
            #expect(first.header("Connection") == "keep-alive")
            try kept.send("GET /two HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            #expect(try kept.readResponse().text == "hello /two")
            try kept.send("GET /three HTTP/1.0\r\n\r\n")
            #expect(try kept.readResponse().text == "hello /three")
            #expect(kept.readsEOF())
        }
    }

    @Test func requestDetailsReachTheHandler() throws {
        let seen = Locked<HTTPRequest?>(nil)
        struct Capture: HTTPHandler {
            let seen: @Sendable (HTTPRequest) -> Void
            func handle(_ request: HTTPRequest, responder: any HTTPResponder) {
                seen(request)
                responder.send(HTTPResponse(status: 204))
            }
        }
        try withServer(handler: Capture { request in seen.withLock { $0 = request } }) { _, port in
            let client = try RawClient(port: port)
            try client.send("PATCH /v4/orgs/1?x=1&y=2 HTTP/1.1\r\nHost: h\r\nX-A: 1\r\nx-a: 2\r\nContent-Length: 2\r\n\r\nok")
            let response = try client.readResponse()
            #expect(response.status == 204)
            #expect(response.header("Content-Length") == nil)
            let request = try #require(seen.withLock { $0 })
            #expect(request.method == "PATCH")
            #expect(request.path == "/v4/orgs/1")
            #expect(request.query == "x=1&y=2")
            #expect(request.headers.values(for: "X-A") == ["1", "2"])
            #expect(request.body == bytes("ok"))
            #expect(request.remoteAddress == "127.0.0.1")
        }
    }

    @Test func largeRequestBodyArrivesWhole() throws {
        let size = 3 * 1024 * 1024 + 17
        let recorder = Recorder()
        try withServer(handler: RouterHandler(recorder: recorder)) { _, port in
            let client = try RawClient(port: port, receiveTimeout: 10)
            let body = patternBytes(size)
            try client.send(bytes("POST /count HTTP/1.1\r\nHost: t\r\nContent-Length: \(size)\r\n\r\n") + body)
            #expect(try client.readResponse().status == 200)
            expectSameBytes(recorder.lastBody.withLock { $0 }, body)
        }
    }
}
