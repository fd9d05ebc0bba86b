import Dispatch
import Glibc
import Synchronization
import Testing
@testable import MockHTTP

/// Connection lifetime: many idle clients, timeouts, half-close, graceful shutdown, EMFILE.
@Suite struct LiveConnectionTests {
    @Test func idleAndHalfSentConnectionsDoNotDelayOthers() throws {
        raiseDescriptorLimit()
        try withServer { server, port in
            var idle: [RawClient] = []
            for _ in 0..<300 { idle.append(try RawClient(port: port)) }
            var slowloris: [RawClient] = []
            for i in 0..<100 {
                let client = try RawClient(port: port)
                try client.send("GET /never-finished/\(i) HTTP/1.1\r\nHost: x\r\nX-Partial: ")
                slowloris.append(client)
            }
            #expect(eventually(timeout: 10) { server.connectionCount == 400 })

            let started = monotonicSeconds()
            let client = try RawClient(port: port)
            try client.send("GET /urgent HTTP/1.1\r\nHost: t\r\n\r\n")
            let response = try client.readResponse()
            let elapsed = monotonicSeconds() - started
            #expect(response.text == "hello /urgent")
            #expect(elapsed < 1.0, "took \(elapsed) s")
            withExtendedLifetime((idle, slowloris)) {}
        }
    }

    @Test func idleAndHeadTimeoutsReclaimSlots() throws {
        try withServer(configure: { $0.idleTimeout = 0.3; $0.headTimeout = 0.3 }) { server, port in
            var clients: [RawClient] = []
            for _ in 0..<10 { clients.append(try RawClient(port: port)) }         // never send anything
            for i in 0..<5 {                                                      // idle after one request
                let client = try RawClient(port: port)
                try client.send("GET /once/\(i) HTTP/1.1\r\nHost: t\r\n\r\n")
                #expect(try client.readResponse().status == 200)
                clients.append(client)
            }
            var partial: [RawClient] = []
            for _ in 0..<5 {                                                      // slowloris
                let client = try RawClient(port: port)
                try client.send("GET /slow HTTP/1.1\r\nHost: t\r\nX-Drip: ")
                partial.append(client)
            }
            // The partial heads are answered 408 before being closed.
            for client in partial {
                let response = try client.readResponse()
                #expect(response.status == 408)
                #expect(client.readsEOF())
                client.close()
            }
            for client in clients {
                #expect(client.readsEOF())
                client.close()
            }
            #expect(eventually { server.connectionCount == 0 })
        }
    }

    @Test func slowBodyIsCutOffByTheHeadTimeout() throws {
        try withServer(configure: { $0.headTimeout = 0.3 }) { server, port in
            let client = try RawClient(port: port)
            try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\nonly-part-of-it")
            let response = try client.readResponse()
            #expect(response.status == 408)
            #expect(client.readsEOF())
            client.close()
            #expect(eventually { server.connectionCount == 0 })
        }
    }

    @Test func halfCloseStillGetsEveryPipelinedResponse() throws {
        try withServer { server, port in
            let client = try RawClient(port: port)
            try client.send("GET /1 HTTP/1.1\r\nHost: t\r\n\r\nGET /slow?ms=100 HTTP/1.1\r\nHost: t\r\n\r\nGET /3 HTTP/1.1\r\nHost: t\r\n\r\n")
            client.shutdownWrite()
            #expect(try client.readResponse().text == "hello /1")
            #expect(try client.readResponse().text == "slow 100")
            #expect(try client.readResponse().text == "hello /3")
            #expect(client.readsEOF())
            #expect(eventually { server.connectionCount == 0 })
        }
    }

    @Test func gracefulShutdownFinishesInFlightResponses() throws {
        /// Holds /held requests until the test releases them; answers anything else at once.
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
        var configuration = HTTPServerConfiguration()
        configuration.port = 0
        configuration.shutdownGrace = 30
        let server = HTTPServer(configuration: configuration, handler: GateHandler(held: held))
        let port = try server.start()

        let idle = try RawClient(port: port)
        try idle.send("GET /warm HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try idle.readResponse().status == 200)

        let busy = try RawClient(port: port)
        try busy.send("GET /held HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(eventually { held.withLock { $0.count } == 1 })

        let completions = Atomic<Int>(0)
        server.shutdown { completions.add(1, ordering: .relaxed) }

        // New connections are refused at once.
        #expect(throws: TestFailure.self) { try RawClient(port: port) }
        // The idle keep-alive connection is closed without waiting for the busy one.
        #expect(idle.readsEOF())
        #expect(eventually { server.connectionCount == 1 })
        #expect(completions.load(ordering: .relaxed) == 0)

        // The in-flight response, answered only now, still arrives, marked as the last one.
        let responder = try #require(held.withLock { $0.first })
        responder.send(HTTPResponse(status: 200, body: Array("finally".utf8)))
        let response = try busy.readResponse()
        #expect(response.text == "finally")
        #expect(response.header("Connection") == "close")
        #expect(busy.readsEOF())
        #expect(eventually { completions.load(ordering: .relaxed) == 1 })
        #expect(server.connectionCount == 0)
        // A second shutdown call just completes.
        let again = Atomic<Int>(0)
        server.shutdown { again.add(1, ordering: .relaxed) }
        #expect(again.load(ordering: .relaxed) == 1)
        #expect(completions.load(ordering: .relaxed) == 1)
    }

    @Test func shutdownGraceBoundsAHandlerThatNeverAnswers() throws {
        struct Silent: HTTPHandler {
            func handle(_ request: HTTPRequest, responder: any HTTPResponder) {}
        }
        var configuration = HTTPServerConfiguration()
        configuration.port = 0
        configuration.shutdownGrace = 0.3
        let server = HTTPServer(configuration: configuration, handler: Silent())
        let port = try server.start()
        let client = try RawClient(port: port)
        try client.send("GET /hang HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(eventually { server.connectionCount == 1 })
        let started = monotonicSeconds()
        let done = DispatchSemaphore(value: 0)
        server.shutdown { done.signal() }
        #expect(done.wait(timeout: .now() + 5) == .success)
        #expect(monotonicSeconds() - started < 2)
        #expect(client.readsEOF())
        #expect(server.connectionCount == 0)
    }

    @Test func acceptBacksOffOnEMFILEAndRecovers() throws {
        let failuresLeft = Atomic<Int>(3)
        let events = Locked<[String]>([])
        try withServer(configure: { configuration in
            configuration.acceptFaultInjector = {
                failuresLeft.subtract(1, ordering: .relaxed).newValue >= 0 ? EMFILE : nil
            }
            configuration.onEvent = { message in events.withLock { $0.append(message) } }
        }) { server, port in
            let started = monotonicSeconds()
            let client = try RawClient(port: port)   // completes in the kernel backlog
            try client.send("GET /after-backoff HTTP/1.1\r\nHost: t\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.text == "hello /after-backoff")
            // Three failures, each followed by a 100 ms pause rather than a retry loop.
            #expect(server.core.acceptPauses.load(ordering: .relaxed) == 3)
            #expect(monotonicSeconds() - started >= 0.25)
            let messages = events.withLock { $0 }
            #expect(messages.count == 3)
            #expect(messages.allSatisfy { $0.contains("Too many open files") })
        }
    }

    @Test func shutdownFromAnEventCallbackDoesNotDeadlock() throws {
        let serverBox = Locked<HTTPServer?>(nil)
        let completed = DispatchSemaphore(value: 0)
        let injected = Atomic<Bool>(false)
        var configuration = HTTPServerConfiguration()
        configuration.port = 0
        configuration.acceptFaultInjector = {
            injected.exchange(true, ordering: .relaxed) ? nil : EMFILE
        }
        // onEvent runs on the listener queue; shutting down from there must not wait on it.
        configuration.onEvent = { _ in
            serverBox.withLock { $0 }?.shutdown { completed.signal() }
        }
        let server = HTTPServer(configuration: configuration, handler: RouterHandler())
        serverBox.withLock { $0 = server }
        let port = try server.start()
        let client = try RawClient(port: port)
        #expect(completed.wait(timeout: .now() + 5) == .success)
        #expect(client.readsEOF())   // still in the backlog when the listener shut: reset or closed
        #expect(server.connectionCount == 0)
    }

    /// The real thing needs a process-wide descriptor limit, which would disturb the other tests
    /// running in parallel; so it runs in a child copy of this test binary.
    @Test func acceptBacksOffOnRealEMFILEInAChildProcess() throws {
        let output = "/tmp/mockhttp-emfile-\(getpid()).log"
        defer { unlink(output) }
        let status = try runSelf(filter: "realEMFILEScenario", environment: ["MOCKHTTP_EMFILE_CHILD=1"], output: output)
        let log = readTextFile(output)
        #expect(status == 0, "child failed:\n\(log)")
        #expect(log.contains("realEMFILEScenario") && log.contains("passed"), "child did not run the scenario:\n\(log)")
    }

    @Test(.enabled(if: getenv("MOCKHTTP_EMFILE_CHILD") != nil))
    func realEMFILEScenario() throws {
        let events = Locked<[String]>([])
        try withServer(configure: { configuration in
            configuration.onEvent = { message in events.withLock { $0.append(message) } }
        }) { server, port in
            // Warm up so that Dispatch has all the descriptors it will need.
            let warm = try RawClient(port: port)
            try warm.send("GET /warm HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try warm.readResponse().status == 200)

            // The client's socket exists before the limit drops; only the server's accept fails.
            let client = try UnconnectedClient()
            var fillers: [Int32] = []
            var limit = rlimit()
            getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
            let saved = limit
            // Fill every hole below the next free number, then cap the limit there.
            while true {
                let fd = open("/dev/null", O_RDONLY)
                guard fd >= 0 else { break }
                fillers.append(fd)
                if fd > 4096 { break }
                if !hasHoleBelow(fd) { break }
            }
            let spare = fillers.removeLast()
            close(spare)
            limit.rlim_cur = rlim_t(spare)
            #expect(setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0)
            #expect(open("/dev/null", O_RDONLY) == -1 && errno == EMFILE)

            try client.connect(port: port)
            try client.send("GET /starved HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(eventually { server.core.acceptPauses.load(ordering: .relaxed) >= 2 })
            let pausesSoFar = server.core.acceptPauses.load(ordering: .relaxed)

            // Free descriptors: serving resumes at the next retry.
            for fd in fillers { close(fd) }
            var restored = saved
            setrlimit(Int32(RLIMIT_NOFILE.rawValue), &restored)
            let response = try client.readResponse()
            #expect(response.text == "hello /starved")
            // Back-off, not spinning: a handful of pauses, each 100 ms.
            #expect(pausesSoFar < 50)
            #expect(events.withLock { $0 }.contains { $0.contains("Too many open files") })
        }
    }
}

// MARK: - Child-process helpers

private func hasHoleBelow(_ fd: Int32) -> Bool {
    for candidate in 0..<fd where fcntl(candidate, F_GETFD) == -1 {
        return true
    }
    return false
}

/// A client whose socket is created before connecting (so connect needs no new descriptor).
final class UnconnectedClient {
    private let fd: Int32
    private var inner: RawClient?
    private var buffer: [UInt8] = []

    init() throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestFailure("socket: \(errno)") }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    func connect(port: Int) throws {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard rc == 0 else { throw TestFailure("connect: \(errno)") }
    }

    func send(_ text: String) throws {
        let data = Array(text.utf8)
        let n = data.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard n == data.count else { throw TestFailure("send: \(errno)") }
    }

    /// Minimal reader: head, then Content-Length bytes.
    func readResponse() throws -> TestResponse {
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            if let end = find(bytes("\r\n\r\n")) {
                let head = String(decoding: buffer[0..<end], as: UTF8.self)
                let lines = head.components(separatedBy: "\r\n")
                let status = Int(lines[0].split(separator: " ")[1]) ?? 0
                var length = 0
                for line in lines.dropFirst() where line.lowercased().hasPrefix("content-length:") {
                    length = Int(String(line.dropFirst("content-length:".count)).trimmingCharacters(in: " ")) ?? 0
                }
                if buffer.count >= end + 4 + length {
                    return TestResponse(status: status, headers: [], body: Array(buffer[(end + 4)..<(end + 4 + length)]))
                }
            }
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { throw TestFailure("recv: \(n) errno \(errno)") }
            buffer.append(contentsOf: chunk[0..<n])
        }
    }

    private func find(_ needle: [UInt8]) -> Int? {
        guard buffer.count >= needle.count else { return nil }
        for i in 0...(buffer.count - needle.count) where Array(buffer[i..<(i + needle.count)]) == needle { return i }
        return nil
    }
}

/// Runs this test binary again with a Swift Testing filter, waiting at most 60 s.
private func runSelf(filter: String, environment extra: [String], output: String) throws -> Int32 {
    try runProcess(["/proc/self/exe", "--testing-library", "swift-testing", "--filter", filter],
                   output: output, timeout: 60, extraEnvironment: extra)
}

/// Regression: a shutdown that reached the listener before its accept source existed (a
/// SIGTERM during startup) left the shutdown waiting forever for the listener to close.
@Suite struct ListenerStopBeforeStartTests {
    @Test func aListenerStoppedBeforeItStartsStillClosesAndReportsIt() throws {
        let (fd, _) = try Socket.makeListener(host: "127.0.0.1", port: 0, backlog: 8)
        let listener = Listener(fileDescriptor: fd, configuration: HTTPServerConfiguration(),
                                onAccept: { accepted, _ in _ = close(accepted) }, onPause: {})
        let closed = Atomic<Bool>(false)
        listener.stop()
        listener.start { closed.store(true, ordering: .releasing) }
        // Called from the cancel handler, right after the descriptor is closed.
        #expect(eventually { closed.load(ordering: .acquiring) })
    }
}
