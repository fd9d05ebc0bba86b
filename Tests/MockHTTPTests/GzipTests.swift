// gzip: responses encoded when the client accepts it and the body is over 1 KiB; gzip request
// bodies inflated before the handler sees them, with corrupt streams and zip bombs refused.

import Testing
@testable import MockHTTP

@Suite struct GzipCodecTests {
    @Test func roundTripsAndReusesItsStreams() {
        let codec = GzipCodec()
        for size in [0, 1, 1500, 300_000] {
            let input = patternBytes(size)
            let compressed = codec.compress(input)!
            #expect(compressed.prefix(2) == [0x1F, 0x8B])  // the gzip magic
            guard case .bytes(let output) = codec.decompress(compressed, limit: 1 << 20) else {
                Issue.record("size \(size) did not round trip")
                continue
            }
            #expect(output == input)
        }
    }

    @Test func concatenatedMembersAreOneBody() {
        let codec = GzipCodec()
        let both = codec.compress(bytes("hello "))! + codec.compress(bytes("world"))!
        guard case .bytes(let output) = codec.decompress(both, limit: 100) else { Issue.record("not inflated"); return }
        #expect(output == bytes("hello world"))
    }

    @Test func corruptAndTruncatedStreamsAreRefused() {
        let codec = GzipCodec()
        let good = codec.compress(patternBytes(5000))!
        for bad in [Array(good.prefix(good.count / 2)), [0x1F, 0x8B, 0x08] + [UInt8](repeating: 0xFF, count: 40), bytes("plain text"), []] {
            guard case .corrupt = codec.decompress(bad, limit: 1 << 20) else {
                Issue.record("\(bad.count) bytes were not refused")
                continue
            }
        }
        // The codec still works after a failure.
        guard case .bytes = codec.decompress(good, limit: 1 << 20) else { Issue.record("codec broken"); return }
    }

    @Test func aZipBombStopsAtTheLimit() {
        let codec = GzipCodec()
        let bomb = codec.compress([UInt8](repeating: 0, count: 40 << 20))!  // 40 MiB of zeros in ~40 KiB
        #expect(bomb.count < 100_000)
        guard case .tooLarge = codec.decompress(bomb, limit: 18 << 20) else { Issue.record("bomb not stopped"); return }
    }

    @Test(arguments: [
        ("gzip", true), ("GZIP", true), ("deflate, gzip;q=0.5", true), ("x-gzip", true), ("*", true), ("br, *;q=0.1", true),
        ("gzip;q=0", false), ("gzip;q=0, *", false), ("identity", false), ("br, deflate", false), ("*;q=0", false), ("", false),
        (" X-GZip ", true), ("gzip ; Q=0", false), ("gzip;q=0.000", false), ("gzip;q=junk", true), ("gzip;level=1", true),
        ("gzipx, xgzip, gz", false), ("*;q=0, gzip", true), ("identity;q=0, *;q=0.2", true), (",,gzip", true), ("gzip;;q=0", false),
        ("deflate;q=0.5,\tgzip\t;q=1", true), ("gzip;q", true), ("é, gzip", true),
    ])
    func acceptEncoding(header: String, accepted: Bool) {
        #expect(GzipCodec.acceptsGzip(header) == accepted)
    }

    @Test func noAcceptEncodingMeansNoGzip() {
        #expect(!GzipCodec.acceptsGzip(nil))
        #expect(!GzipCodec.acceptsGzip(HTTPHeaders([("Host", "x")])))
    }

    // Two Accept-Encoding fields are one list: gzip in the second still counts, and a q=0 for
    // gzip in either refuses it as it would in one field.
    @Test func severalAcceptEncodingFieldsAreOneList() {
        #expect(GzipCodec.acceptsGzip(HTTPHeaders([("Accept-Encoding", "br"), ("accept-encoding", "gzip")])))
        #expect(GzipCodec.acceptsGzip(HTTPHeaders([("Accept-Encoding", "gzip"), ("Accept-Encoding", "br")])))
        #expect(!GzipCodec.acceptsGzip(HTTPHeaders([("Accept-Encoding", "br"), ("Accept-Encoding", "deflate")])))
        #expect(!GzipCodec.acceptsGzip(HTTPHeaders([("Accept-Encoding", "gzip;q=0"), ("Accept-Encoding", "*")])))
        #expect(GzipCodec.acceptsGzip(HTTPHeaders([("Accept-Encoding", "*;q=0"), ("Accept-Encoding", "x-gzip")])))
    }
}

@Suite struct LiveGzipTests {
    @Test func largeBodiesAreGzippedForClientsThatAcceptIt() throws {
        try withServer { _, port in
            let client = try RawClient(port: port)
            try client.send("GET /big?bytes=50000 HTTP/1.1\r\nHost: t\r\nAccept-Encoding: gzip, deflate\r\n\r\n")
            let gzipped = try client.readResponse()
            #expect(gzipped.header("Content-Encoding") == "gzip")
            #expect(gzipped.header("Vary") == "Accept-Encoding")
            #expect(gzipped.header("Content-Length") == String(gzipped.body.count))
            guard case .bytes(let inflated) = GzipCodec().decompress(gzipped.body, limit: 1 << 20) else {
                Issue.record("not gzip")
                return
            }
            expectSameBytes(inflated, patternBytes(50_000))

            // HEAD reports the same length as the GET would send.
            try client.send("HEAD /big?bytes=50000 HTTP/1.1\r\nHost: t\r\nAccept-Encoding: gzip\r\n\r\n")
            #expect(try client.readResponse(headRequest: true).header("Content-Length") == String(gzipped.body.count))

            // Without Accept-Encoding, or under 1 KiB: as is.
            try client.send("GET /big?bytes=50000 HTTP/1.1\r\nHost: t\r\n\r\n")
            let plain = try client.readResponse()
            #expect(plain.header("Content-Encoding") == nil)
            #expect(plain.header("Vary") == "Accept-Encoding")
            expectSameBytes(plain.body, patternBytes(50_000))
            // gzip named in a second Accept-Encoding field counts as well.
            try client.send("GET /big?bytes=50000 HTTP/1.1\r\nHost: t\r\nAccept-Encoding: br\r\nAccept-Encoding: gzip\r\n\r\n")
            #expect(try client.readResponse().header("Content-Encoding") == "gzip")
            try client.send("GET /big?bytes=1000 HTTP/1.1\r\nHost: t\r\nAccept-Encoding: gzip\r\n\r\n")
            let small = try client.readResponse()
            #expect(small.header("Content-Encoding") == nil)
            #expect(small.body.count == 1000)
        }
    }

    @Test func gzipRequestBodiesAreInflatedForTheHandler() throws {
        try withServer { _, port in
            let body = GzipCodec().compress(bytes("{\"hello\":\"world\"}"))!
            let client = try RawClient(port: port)
            try client.send(bytes("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Encoding: gzip\r\nContent-Length: \(body.count)\r\n\r\n") + body)
            let echoed = try client.readResponse()
            #expect(echoed.status == 200)
            #expect(echoed.text == "{\"hello\":\"world\"}")
        }
    }

    @Test func corruptBombsAndUnknownEncodingsAreRefused() throws {
        try withServer(configure: { $0.maxBodyBytes = 1 << 20 }) { _, port in
            let corrupt = bytes("definitely not gzip")
            let bomb = GzipCodec().compress([UInt8](repeating: 0, count: 8 << 20))!
            for (encoding, body, status) in [("gzip", corrupt, 400), ("gzip", bomb, 413), ("br", bytes("x"), 415)] {
                let client = try RawClient(port: port)
                try client.send(bytes("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Encoding: \(encoding)\r\nContent-Length: \(body.count)\r\n\r\n") + body)
                let response = try client.readResponse()
                #expect(response.status == status, "\(encoding) \(body.count) bytes")
                #expect(client.readsEOF())
            }
            // And the server keeps serving.
            let next = try RawClient(port: port)
            try next.send("GET /still-here HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try next.readResponse().text == "hello /still-here")
        }
    }
}
