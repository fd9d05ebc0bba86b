import COpenSSL
import Dispatch
import Glibc
import Synchronization
import Testing
@testable import MockHTTP

/// HTTPS: handshakes, versions, HTTP features over TLS, wrong-protocol clients, certificates.
@Suite struct TLSTests {
    // MARK: - Handshake and verification

    @Test func handshakeAndGetVerifyTheSelfSignedCertificate() throws {
        try withTLSServer { server, port, tls in
            #expect(tls.certificatePEM.hasPrefix("-----BEGIN CERTIFICATE-----\n"))
            #expect(tls.certificatePEM.hasSuffix("-----END CERTIFICATE-----\n"))
            // Verified against the IP SAN...
            let byIP = try TLSClient(port: port, trusting: tls.certificatePEM, host: "127.0.0.1")
            try byIP.send("GET /secure HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            let response = try byIP.readResponse()
            #expect(response.status == 200)
            #expect(response.text == "hello /secure")
            // ...and against the DNS SAN (with SNI).
            let byName = try TLSClient(port: port, trusting: tls.certificatePEM, host: "localhost")
            try byName.send("GET /named HTTP/1.1\r\nHost: localhost\r\n\r\n")
            #expect(try byName.readResponse().text == "hello /named")

            // Verification is really on: another certificate, or a name it does not carry, fails.
            let stranger = try TLSConfiguration.selfSigned()
            let untrusted = tlsHandshakeFailure(port: port, trusting: stranger.certificatePEM)
            #expect(untrusted?.contains("certificate verify failed") == true, "\(untrusted ?? "handshake succeeded")")
            let wrongName = tlsHandshakeFailure(port: port, trusting: tls.certificatePEM, host: "example.com")
            #expect(wrongName?.contains("hostname mismatch") == true, "\(wrongName ?? "handshake succeeded")")
            let wrongIP = tlsHandshakeFailure(port: port, trusting: tls.certificatePEM, host: "10.1.2.3")
            #expect(wrongIP?.contains("IP address mismatch") == true, "\(wrongIP ?? "handshake succeeded")")

            // Failed handshakes do not leak slots.
            byIP.close()
            byName.close()
            #expect(eventually { server.connectionCount == 0 })
        }
    }

    @Test func tls11IsRefusedWhile12And13Work() throws {
        try withTLSServer { server, port, tls in
            let refused = tlsHandshakeFailure(port: port, trusting: tls.certificatePEM,
                                              minVersion: TLS1_1_VERSION, maxVersion: TLS1_1_VERSION)
            // The server's alert, not a client-side refusal to offer 1.1.
            #expect(refused?.contains("alert protocol version") == true, "\(refused ?? "handshake succeeded")")

            for (version, name) in [(TLS1_2_VERSION, "TLSv1.2"), (TLS1_3_VERSION, "TLSv1.3")] {
                let client = try TLSClient(port: port, trusting: tls.certificatePEM,
                                           minVersion: version, maxVersion: version)
                #expect(client.protocolVersion == name)
                try client.send("GET /\(name) HTTP/1.1\r\nHost: t\r\n\r\n")
                #expect(try client.readResponse().text == "hello /\(name)")
            }
            // Unpinned, the newest wins.
            let client = try TLSClient(port: port, trusting: tls.certificatePEM)
            #expect(client.protocolVersion == "TLSv1.3")
            client.close()
            #expect(eventually { server.connectionCount == 0 })
        }
    }

    @Test func curlTrustsTheCertificateFile() throws {
        guard let curl = executableOnPath("curl") else {
            Issue.record("curl is not installed")
            return
        }
        try withTemporaryDirectory { directory in
            try withTLSServer { _, port, tls in
                let certificate = "\(directory)/cert.pem"
                try writeTextFile(certificate, tls.certificatePEM)
                let output = "\(directory)/curl.out"
                let status = try runProcess([curl, "--silent", "--show-error", "--max-time", "20",
                                             "--cacert", certificate, "https://127.0.0.1:\(port)/from-curl"],
                                            output: output)
                #expect(status == 0, "curl failed: \(readTextFile(output))")
                #expect(readTextFile(output) == "hello /from-curl")

                // By name too, over HTTP/1.1 keep-alive for two URLs.
                let status2 = try runProcess([curl, "--silent", "--show-error", "--max-time", "20",
                                              "--cacert", certificate,
                                              "https://localhost:\(port)/one", "https://localhost:\(port)/two"],
                                             output: output)
                #expect(status2 == 0, "curl failed: \(readTextFile(output))")
                #expect(readTextFile(output) == "hello /onehello /two")
            }
        }
    }

    // MARK: - HTTP over TLS

    @Test func keepAlivePipeliningAndHeadOverTLS() throws {
        try withTLSServer { server, port, tls in
            let client = try TLSClient(port: port, trusting: tls.certificatePEM)
            try client.send("GET /one HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try client.readResponse().text == "hello /one")
            try client.send("GET /two HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try client.readResponse().text == "hello /two")

            // Pipelined in one write, with a late answer in the middle: order holds.
            try client.send("GET /a HTTP/1.1\r\nHost: t\r\n\r\n" + "GET /slow?ms=100 HTTP/1.1\r\nHost: t\r\n\r\n"
                            + "HEAD /c HTTP/1.1\r\nHost: t\r\n\r\n" + "GET /d HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().text == "hello /a")
            #expect(try client.readResponse().text == "slow 100")
            let head = try client.readResponse(headRequest: true)
            #expect(head.status == 200)
            #expect(head.header("Content-Length") == "8")
            #expect(try client.readResponse().text == "hello /d")
            #expect(server.connectionCount == 1)

            // Half close (close_notify + FIN) still gets every pipelined response, then a close_notify.
            let halfClosing = try TLSClient(port: port, trusting: tls.certificatePEM)
            try halfClosing.send("GET /1 HTTP/1.1\r\nHost: t\r\n\r\nGET /slow?ms=50 HTTP/1.1\r\nHost: t\r\n\r\nGET /3 HTTP/1.1\r\nHost: t\r\n\r\n")
            halfClosing.closeNotifyAndShutdownWrite()
            #expect(try halfClosing.readResponse().text == "hello /1")
            #expect(try halfClosing.readResponse().text == "slow 50")
            #expect(try halfClosing.readResponse().text == "hello /3")
            #expect(halfClosing.readsCloseNotify())
            #expect(eventually { server.connectionCount == 1 })
        }
    }

    @Test func keyUpdatesAreServedAndRenegotiationIsRefused() throws {
        try withTLSServer { server, port, tls in
            let client = try TLSClient(port: port, trusting: tls.certificatePEM, minVersion: TLS1_3_VERSION)
            for round in 0..<3 {
                try client.requestKeyUpdate()
                try client.send("GET /after-update/\(round) HTTP/1.1\r\nHost: t\r\n\r\n")
                #expect(try client.readResponse().text == "hello /after-update/\(round)")
            }

            let old = try TLSClient(port: port, trusting: tls.certificatePEM, maxVersion: TLS1_2_VERSION)
            try old.send("GET /before HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try old.readResponse().text == "hello /before")
            let refusal = old.renegotiationFailure()
            #expect(refusal?.contains("no renegotiation") == true, "\(refusal ?? "renegotiated")")
            old.close()
            client.close()
            #expect(eventually { server.connectionCount == 0 })
        }
    }

    @Test func largeResponseReachesASlowTLSReaderWhole() throws {
        let size = 5 * 1024 * 1024
        try withTLSServer { server, port, tls in
            let client = try TLSClient(port: port, trusting: tls.certificatePEM, receiveTimeout: 20,
                                       receiveBuffer: 16 * 1024)
            let stallsBefore = server.core.writeStalls.load(ordering: .relaxed)
            try client.send("GET /big?bytes=\(size) HTTP/1.1\r\nHost: t\r\n\r\n")
            // Not reading yet: SSL_write must hit WANT_WRITE and park the rest of the response.
            #expect(eventually { server.core.writeStalls.load(ordering: .relaxed) > stallsBefore })
            let response = try client.readResponse(chunkSize: 4096)
            #expect(response.status == 200)
            #expect(response.body.count == size)
            expectSameBytes(response.body, patternBytes(size))
            try client.send("GET /after HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().text == "hello /after")
        }
    }

    @Test func chunkedPostAndContinueOverTLS() throws {
        let recorder = Recorder()
        try withTLSServer(handler: RouterHandler(recorder: recorder)) { _, port, tls in
            let client = try TLSClient(port: port, trusting: tls.certificatePEM)
            // The chunked body arrives in separate TLS records.
            try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
            try client.send("5\r\nhello\r\n")
            try client.send("6\r\n, TLS!\r\n")
            try client.send("0\r\n\r\n")
            let echoed = try client.readResponse()
            #expect(echoed.status == 200)
            #expect(echoed.text == "hello, TLS!")
            #expect(echoed.header("X-Body-Length") == "11")

            // 100-continue: the interim response comes before the body is sent.
            try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n")
            #expect(try client.readResponse().status == 100)
            try client.send("body")
            #expect(try client.readResponse().text == "body")
            #expect(recorder.lastBody.withLock { $0 } == bytes("body"))
        }
    }

    // MARK: - Wrong protocol, stalled handshakes

    // OpenSSL itself recognizes only GET, POST, HEAD, PUT and CONNECT as plain HTTP; the others
    // (DELETE, PATCH, OPTIONS, lowercase or unknown methods) must get the same answer.
    @Test(arguments: ["GET", "POST", "DELETE", "PATCH", "OPTIONS", "TRACE", "get", "BREW"])
    func plainHTTPOnTheTLSPortGetsA400AndTheServerKeepsServing(method: String) throws {
        try withTLSServer { server, port, tls in
            let plain = try RawClient(port: port)
            try plain.send("\(method) /plain HTTP/1.1\r\nHost: x\r\nUser-Agent: test\r\nContent-Length: 0\r\n\r\n")
            let response = try plain.readResponse()
            #expect(response.status == 400)
            #expect(response.header("Connection") == "close")
            #expect(response.text.contains("https://"))
            #expect(plain.readsEOF())

            // Bytes that are neither TLS nor HTTP: just closed.
            let garbage = try RawClient(port: port)
            try garbage.send([0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09])
            #expect(garbage.readToEnd().isEmpty)

            let client = try TLSClient(port: port, trusting: tls.certificatePEM)
            try client.send("GET /still-here HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().text == "hello /still-here")
            plain.close()
            garbage.close()
            client.close()
            #expect(eventually { server.connectionCount == 0 })
        }
    }

    @Test func tlsClientHelloOnThePlainPortIsRefusedAndTheServerKeepsServing() throws {
        let tls = try TLSConfiguration.selfSigned()
        try withServer { server, port in
            let failure = tlsHandshakeFailure(port: port, trusting: tls.certificatePEM)
            #expect(failure != nil)
            let client = try RawClient(port: port)
            try client.send("GET /plain HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().text == "hello /plain")
            client.close()
            #expect(eventually { server.connectionCount == 0 })
        }
    }

    @Test func aClientThatNeverFinishesTheHandshakeIsClosedByTheHeadTimeout() throws {
        try withTLSServer(configure: { $0.headTimeout = 0.3; $0.idleTimeout = 30 }) { server, port, tls in
            let started = monotonicSeconds()
            let silent = try RawClient(port: port, receiveTimeout: 10)           // no ClientHello at all
            let partial = try RawClient(port: port, receiveTimeout: 10)          // half a record header
            try partial.send([0x16, 0x03, 0x01])
            #expect(eventually { server.connectionCount == 2 })
            #expect(silent.readsEOF())
            #expect(partial.readsEOF())
            // The head timeout, not the 30 s idle timeout.
            #expect(monotonicSeconds() - started < 5)
            #expect(eventually { server.connectionCount == 0 })

            // After the handshake, a request head that stalls gets the usual 408, then a clean close.
            let slowloris = try TLSClient(port: port, trusting: tls.certificatePEM)
            try slowloris.send("GET /slow HTTP/1.1\r\nHost: t\r\nX-Drip: ")
            #expect(try slowloris.readResponse().status == 408)
            #expect(slowloris.readsCloseNotify())

            // A completed handshake then idles under the idle timeout, not the head timeout.
            let client = try TLSClient(port: port, trusting: tls.certificatePEM)
            usleep(600_000)   // not waiting for a state: letting two head timeouts pass unused
            try client.send("GET /late HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().text == "hello /late")
        }
    }

    // MARK: - Graceful shutdown

    @Test func gracefulShutdownFinishesAnInFlightTLSResponseThenSendsCloseNotify() throws {
        struct GateHandler: HTTPHandler {
            let held: Locked<[any HTTPResponder]>
            func handle(_ request: HTTPRequest, responder: any HTTPResponder) {
                if request.path == "/held" {
                    held.withLock { $0.append(responder) }
                } else {
                    responder.send(HTTPResponse(status: 200, body: Array("quick".utf8)))
                }
            }
        }
        let held = Locked<[any HTTPResponder]>([])
        let tls = try TLSConfiguration.selfSigned()
        var configuration = HTTPServerConfiguration()
        configuration.port = 0
        configuration.shutdownGrace = 30
        configuration.tls = tls
        let server = HTTPServer(configuration: configuration, handler: GateHandler(held: held))
        let port = try server.start()

        let idle = try TLSClient(port: port, trusting: tls.certificatePEM)
        try idle.send("GET /warm HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try idle.readResponse().text == "quick")

        let busy = try TLSClient(port: port, trusting: tls.certificatePEM)
        try busy.send("GET /held HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(eventually { held.withLock { $0.count } == 1 })

        let completions = Atomic<Int>(0)
        server.shutdown { completions.add(1, ordering: .relaxed) }
        // The idle keep-alive connection is closed cleanly at once.
        #expect(idle.readsCloseNotify())
        #expect(eventually { server.connectionCount == 1 })
        #expect(completions.load(ordering: .relaxed) == 0)

        let responder = try #require(held.withLock { $0.first })
        responder.send(HTTPResponse(status: 200, body: Array("finally".utf8)))
        let response = try busy.readResponse()
        #expect(response.text == "finally")
        #expect(response.header("Connection") == "close")
        #expect(busy.readsCloseNotify())
        #expect(eventually { completions.load(ordering: .relaxed) == 1 })
        #expect(server.connectionCount == 0)
    }

    // MARK: - Loading certificates

    @Test func loadAcceptsMatchingFilesAndExplainsBadOnes() throws {
        try withTemporaryDirectory { directory in
            let pair = try TLSConfiguration.selfSignedPEM()
            let other = try TLSConfiguration.selfSignedPEM()
            let certificate = "\(directory)/cert.pem"
            let key = "\(directory)/key.pem"
            let otherKey = "\(directory)/other-key.pem"
            let notPEM = "\(directory)/not.pem"
            let damaged = "\(directory)/damaged.pem"
            let combined = "\(directory)/combined.pem"
            try writeTextFile(certificate, pair.certificate)
            try writeTextFile(key, pair.privateKey)
            try writeTextFile(otherKey, other.privateKey)
            try writeTextFile(notPEM, "this is not a certificate\n")
            try writeTextFile(damaged, "-----BEGIN CERTIFICATE-----\nMIIB!!!not-base64!!!\n-----END CERTIFICATE-----\n")
            try writeTextFile(combined, pair.privateKey + pair.certificate)
            let encrypted = "\(directory)/encrypted-key.pem"
            try writeTextFile(encrypted, try encryptedPEM(of: pair.privateKey))

            // Good files: the server presents that certificate and a client trusting it connects.
            let loaded = try TLSConfiguration.load(certificateFile: certificate, privateKeyFile: key)
            #expect(loaded.certificatePEM == pair.certificate)
            try withTLSServer(tls: loaded) { _, port, tls in
                let client = try TLSClient(port: port, trusting: pair.certificate, host: "localhost")
                try client.send("GET /loaded HTTP/1.1\r\nHost: t\r\n\r\n")
                #expect(try client.readResponse().text == "hello /loaded")
                #expect(tls.certificatePEM == pair.certificate)
            }
            // One file holding both.
            #expect(try TLSConfiguration.load(certificateFile: combined, privateKeyFile: combined).certificatePEM == pair.certificate)
            // A chain: the server certificate first, then the rest, all kept for certificatePEM.
            let chain = "\(directory)/chain.pem"
            try writeTextFile(chain, pair.certificate + other.certificate)
            #expect(try TLSConfiguration.load(certificateFile: chain, privateKeyFile: key).certificatePEM
                    == pair.certificate + other.certificate)

            func reason(_ certificateFile: String, _ keyFile: String) -> String {
                do {
                    _ = try TLSConfiguration.load(certificateFile: certificateFile, privateKeyFile: keyFile)
                    return "loaded"
                } catch let error as TLSConfigurationError {
                    #expect(!error.reason.contains("\n"))
                    return error.reason
                } catch {
                    return "unexpected error type: \(error)"
                }
            }
            let missing = reason("\(directory)/missing.pem", key)
            #expect(missing == "cannot read certificate file '\(directory)/missing.pem': No such file or directory")
            let missingKey = reason(certificate, "\(directory)/missing-key.pem")
            #expect(missingKey == "cannot read private key file '\(directory)/missing-key.pem': No such file or directory")
            let directoryGiven = reason(directory, key)
            #expect(directoryGiven.hasSuffix("Is a directory"), "\(directoryGiven)")
            let bad = reason(notPEM, key)
            #expect(bad == "no PEM certificate (BEGIN CERTIFICATE) in '\(notPEM)'")
            let badKey = reason(certificate, notPEM)
            #expect(badKey == "no PEM private key (BEGIN PRIVATE KEY) in '\(notPEM)'")
            let broken = reason(damaged, key)
            #expect(broken.hasPrefix("bad PEM certificate in '\(damaged)': "), "\(broken)")
            // Refused without prompting for a passphrase on the terminal.
            let locked = reason(certificate, encrypted)
            #expect(locked == "the private key in '\(encrypted)' is encrypted; a key without a passphrase is needed")
            let mismatch = reason(certificate, otherKey)
            #expect(mismatch == "the private key in '\(otherKey)' does not match the certificate in '\(certificate)'")
        }
    }

    @Test func selfSignedCertificateCarriesTheAdvertisedNamesAndValidity() throws {
        let pem = try TLSConfiguration.selfSigned(commonName: "mock.example").certificatePEM
        let bytes = Array(pem.utf8)
        let certificate = try #require(bytes.withUnsafeBytes { raw -> OpaquePointer? in
            guard let bio = BIO_new_mem_buf(raw.baseAddress, Int32(raw.count)) else { return nil }
            defer { BIO_free(bio) }
            return PEM_read_bio_X509(bio, nil, nil, nil)
        })
        defer { X509_free(certificate) }
        #expect(X509_check_host(certificate, "localhost", 0, 0, nil) == 1)
        #expect(X509_check_host(certificate, "mock.example", 0, 0, nil) == 1)
        #expect(X509_check_ip_asc(certificate, "127.0.0.1", 0) == 1)
        #expect(X509_check_ip_asc(certificate, "::1", 0) == 1)
        #expect(X509_check_ip_asc(certificate, "127.0.0.2", 0) == 0)

        // Valid from about an hour ago, for a year from then.
        var days: Int32 = 0
        var seconds: Int32 = 0
        #expect(ASN1_TIME_diff(&days, &seconds, nil, X509_get0_notBefore(certificate)) == 1)
        let before = Int(days) * 86400 + Int(seconds)
        #expect(before <= -3500 && before >= -3700, "notBefore is \(before) s from now")
        #expect(ASN1_TIME_diff(&days, &seconds, X509_get0_notBefore(certificate), X509_get0_notAfter(certificate)) == 1)
        #expect(Int(days) * 86400 + Int(seconds) == 365 * 86400)
        #expect(throws: TLSConfigurationError.self) { try TLSConfiguration.selfSigned(commonName: "") }
    }

    // MARK: - Reads that need the socket writable, writes that need it readable

    @Test func connectionArmsTheOtherSourceWhenATransportCrossesDirections() throws {
        let counters = CrossDirectionCounters()
        try withServer(configure: { configuration in
            configuration.transportFactory = { fd in CrossDirectionTransport(fileDescriptor: fd, counters: counters) }
        }) { _, port in
            let client = try RawClient(port: port)
            try client.send("GET /a HTTP/1.1\r\nHost: t\r\n\r\n")
            // The first read needed writability: the write source fired and the read was retried.
            // The first write needed readability: nothing is sent until the client sends more.
            #expect(eventually { counters.blockedWrites.load(ordering: .relaxed) == 1 })
            #expect(counters.blockedReads.load(ordering: .relaxed) == 1)
            var probe: UInt8 = 0
            #expect(recv(client.fd, &probe, 1, Int32(MSG_DONTWAIT)) == -1 && errno == EAGAIN)
            try client.send("GET /b HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().text == "hello /a")
            #expect(try client.readResponse().text == "hello /b")
        }
    }
}

/// The key re-encoded as passphrase-protected PKCS#8 PEM.
private func encryptedPEM(of keyPEM: String) throws -> String {
    let text = Array(keyPEM.utf8)
    let key = try #require(text.withUnsafeBytes { raw -> OpaquePointer? in
        guard let bio = BIO_new_mem_buf(raw.baseAddress, Int32(raw.count)) else { return nil }
        defer { BIO_free(bio) }
        return PEM_read_bio_PrivateKey(bio, nil, nil, nil)
    })
    defer { EVP_PKEY_free(key) }
    let bio = try #require(BIO_new(BIO_s_mem()))
    defer { BIO_free(bio) }
    #expect(PEM_write_bio_PKCS8PrivateKey(bio, key, EVP_aes_256_cbc(), "secret", 6, nil, nil) == 1)
    var data: UnsafeMutablePointer<CChar>?
    let count = copenssl_bio_get_mem_data(bio, &data)
    let base = try #require(data)
    return String(decoding: UnsafeRawBufferPointer(start: base, count: count), as: UTF8.self)
}

// MARK: - A transport that behaves like TLS in the awkward cases

final class CrossDirectionCounters: Sendable {
    let blockedReads = Atomic<Int>(0)
    let blockedWrites = Atomic<Int>(0)
}

/// A plain socket whose first read claims to need the socket writable (as SSL_read does when
/// it must send handshake bytes into a full socket), and whose first write claims to need more
/// input, staying blocked until a later read brings some (as SSL_write does mid-handshake).
final class CrossDirectionTransport: Transport {
    private let inner: SocketTransport
    private let counters: CrossDirectionCounters
    private var readBlockedOnce = false
    private var writeBlockedOnce = false
    private var writeBlocked = false

    init(fileDescriptor: Int32, counters: CrossDirectionCounters) {
        inner = SocketTransport(fileDescriptor: fileDescriptor)
        self.counters = counters
    }

    var fileDescriptor: Int32 { inner.fileDescriptor }
    var isHandshaking: Bool { false }

    func read(into buffer: UnsafeMutableRawBufferPointer) -> TransportReadResult {
        if !readBlockedOnce {
            readBlockedOnce = true
            counters.blockedReads.add(1, ordering: .relaxed)
            return .wouldBlockUntilWritable
        }
        let result = inner.read(into: buffer)
        if case .bytes = result { writeBlocked = false }
        return result
    }

    func write(_ bytes: UnsafeRawBufferPointer) -> TransportWriteResult {
        if !writeBlockedOnce {
            writeBlockedOnce = true
            writeBlocked = true
            counters.blockedWrites.add(1, ordering: .relaxed)
        }
        if writeBlocked { return .wouldBlockUntilReadable }
        return inner.write(bytes)
    }

    func shutdownWrite() { inner.shutdownWrite() }
    func close() { inner.close() }
}
