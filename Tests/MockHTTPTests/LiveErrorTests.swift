import Glibc
import Testing
@testable import MockHTTP

/// Transport-level refusals: each answered (or closed) cleanly, and the server keeps serving.
@Suite struct LiveErrorTests {
    /// Sends `raw` on a fresh connection, expects `status` with the JSON error body and a close,
    /// then proves a normal request on a new connection still works.
    private func expectRefusal(_ raw: [UInt8], status: Int, configure: (inout HTTPServerConfiguration) -> Void = { _ in }) throws {
        try withServer(configure: configure) { _, port in
            let client = try RawClient(port: port)
            try client.send(raw)
            let response = try client.readResponse()
            #expect(response.status == status)
            #expect(response.header("Connection") == "close")
            #expect(response.header("Content-Type") == "application/json")
            let code = status == 400 ? 1000 : status
            #expect(response.text.hasPrefix("{\"httpStatusCode\":\(status),\"code\":\(code),\"message\":\""))
            #expect(response.text.contains("\"hint\":\""))
            #expect(client.readsEOF())

            let next = try RawClient(port: port)
            try next.send("GET /fine HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try next.readResponse().text == "hello /fine")
        }
    }

    @Test func oversizedHeadIs431() throws {
        let raw = "GET / HTTP/1.1\r\nHost: t\r\nX-Big: " + String(repeating: "b", count: 70 * 1024) + "\r\n\r\n"
        try expectRefusal(bytes(raw), status: 431)
    }

    @Test func declaredHugeBodyIs413WithoutReadingIt() throws {
        try expectRefusal(bytes("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 100000000\r\n\r\nsome-bytes"), status: 413)
    }

    @Test func chunkedBodyOverTheLimitIs413() throws {
        let raw = "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n400\r\n" + String(repeating: "x", count: 1024) + "\r\n"
        try expectRefusal(bytes(raw), status: 413, configure: { $0.maxBodyBytes = 1000 })
    }

    @Test func contentLengthWithTransferEncodingIs400() throws {
        try expectRefusal(bytes("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\nabc"), status: 400)
    }

    @Test func badRequestLineIs400() throws {
        try expectRefusal(bytes("GET /a b HTTP/1.1\r\nHost: t\r\n\r\n"), status: 400)
    }

    @Test func badChunkSizeIs400() throws {
        try expectRefusal(bytes("POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nnope\r\n"), status: 400)
    }

    @Test func unsupportedVersionIs505() throws {
        try expectRefusal(bytes("GET / HTTP/2.0\r\n\r\n"), status: 505)
    }

    @Test func unknownTransferCodingIs501() throws {
        try expectRefusal(bytes("POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: br\r\n\r\n"), status: 501)
    }

    @Test func errorAfterGoodPipelinedRequestsKeepsEarlierAnswers() throws {
        try withServer { _, port in
            let client = try RawClient(port: port)
            try client.send("GET /a HTTP/1.1\r\nHost: t\r\n\r\nGET /b HTTP/1.1\r\nHost: t\r\n\r\nBROKEN\r\n\r\n")
            #expect(try client.readResponse().text == "hello /a")
            #expect(try client.readResponse().text == "hello /b")
            #expect(try client.readResponse().status == 400)
            #expect(client.readsEOF())
        }
    }

    @Test(arguments: [
        // A TLS 1.2/1.3 ClientHello start: record type 0x16, version 3.1, length, handshake type 1.
        [0x16, 0x03, 0x01, 0x00, 0xF1, 0x01, 0x00, 0x00, 0xED, 0x03, 0x03] + [UInt8](repeating: 0xAB, count: 230),
        [0x00, 0x01, 0x02, 0x03, 0xFF, 0xFE, 0x0D, 0x0A, 0x0D, 0x0A],
        Array("\u{1B}[A garbage\r\n\r\n".utf8),
    ] as [[UInt8]])
    func garbageAndTLSGet400OrCloseAndServingGoesOn(_ raw: [UInt8]) throws {
        try withServer { server, port in
            let client = try RawClient(port: port)
            try client.send(raw)
            let answer = client.readToEnd()   // 400 then close, or just close
            if !answer.isEmpty {
                #expect(String(decoding: answer.prefix(12), as: UTF8.self) == "HTTP/1.1 400")
            }
            client.close()
            #expect(eventually { server.connectionCount == 0 })
            let next = try RawClient(port: port)
            try next.send("GET /still-here HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try next.readResponse().text == "hello /still-here")
        }
    }

    @Test func bindFailureDescribesTheCause() throws {
        try withServer { _, port in
            var configuration = HTTPServerConfiguration()
            configuration.port = port
            let second = HTTPServer(configuration: configuration, handler: RouterHandler())
            #expect {
                try second.start()
            } throws: { error in
                guard let error = error as? HTTPServerError, case .bindFailed(_, let failedPort, let reason) = error else { return false }
                return failedPort == port && reason.lowercased().contains("address already in use")
            }
        }
        var bad = HTTPServerConfiguration()
        bad.host = "not-an-address"
        #expect(throws: HTTPServerError.invalidHost("not-an-address")) {
            try HTTPServer(configuration: bad, handler: RouterHandler()).start()
        }
    }

    @Test func ipv6LoopbackWorks() throws {
        var configuration = HTTPServerConfiguration()
        configuration.host = "::1"
        configuration.port = 0
        let server = HTTPServer(configuration: configuration, handler: RouterHandler())
        let port: Int
        do {
            port = try server.start()
        } catch {
            // Hosts without IPv6 loopback cannot run this check.
            return
        }
        defer { shutdownAndWait(server) }
        #expect(port > 0 && server.port == port)
    }
}
