import Dispatch
import Glibc
import Synchronization
import Testing
@testable import MockHTTP

// MARK: - Waiting without fixed sleeps

/// Polls `condition` until it holds or `timeout` seconds pass. Returns the final verdict.
@discardableResult
func eventually(timeout: Double = 5, _ condition: () -> Bool) -> Bool {
    let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(timeout * 1_000_000_000)
    while true {
        if condition() { return true }
        if DispatchTime.now().uptimeNanoseconds > deadline { return false }
        usleep(2_000)
    }
}

func monotonicSeconds() -> Double {
    Double(DispatchTime.now().uptimeNanoseconds) / 1_000_000_000
}

/// Deterministic random numbers for split tests (SplitMix64).
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

// MARK: - Raw socket client

struct TestResponse {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
    var text: String { String(decoding: body, as: UTF8.self) }
}

/// A blocking POSIX client with a receive timeout, reading responses byte-exactly.
final class RawClient {
    let fd: Int32
    private var buffer: [UInt8] = []
    private var closed = false

    /// Throws TestFailure("connect: <errno>") when the connection is refused.
    init(port: Int, receiveTimeout: Double = 5, receiveBuffer: Int32? = nil) throws {
        // Assigned only once connected: a failed connect leaves nothing for deinit to close.
        fd = try connectedSocket(port: port, receiveTimeout: receiveTimeout, receiveBuffer: receiveBuffer)
    }

    deinit { close() }

    func close() {
        guard !closed else { return }
        closed = true
        Glibc.close(fd)
    }

    func send(_ text: String) throws { try send(Array(text.utf8)) }

    func send(_ data: [UInt8]) throws {
        var offset = 0
        while offset < data.count {
            let n = data[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw TestFailure("send: \(errno)")
            }
            offset += n
        }
    }

    func shutdownWrite() { Glibc.shutdown(fd, Int32(SHUT_WR)) }

    /// Receives once into the buffer. Returns false on EOF, throws on timeout/error.
    @discardableResult
    private func fill(max: Int = 65536) throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: max)
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n > 0 { buffer.append(contentsOf: chunk[0..<n]); return true }
            if n == 0 { return false }
            if errno == EINTR { continue }
            throw TestFailure("recv: errno \(errno) (timeout or reset) with \(buffer.count) bytes buffered")
        }
    }

    /// Reads one response. `headRequest` means no body follows despite Content-Length.
    func readResponse(headRequest: Bool = false, chunkSize: Int = 65536) throws -> TestResponse {
        var headEnd: Int?
        while headEnd == nil {
            headEnd = find(bytes("\r\n\r\n"))
            if headEnd == nil {
                guard try fill(max: chunkSize) else { throw TestFailure("EOF before a response head (\(buffer.count) bytes)") }
            }
        }
        let headText = String(decoding: buffer[0..<headEnd!], as: UTF8.self)
        buffer.removeFirst(headEnd! + 4)
        var lines = headText.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst()
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0] == "HTTP/1.1", let status = Int(parts[1]) else {
            throw TestFailure("bad status line: \(statusLine)")
        }
        var headers: [(name: String, value: String)] = []
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { throw TestFailure("bad header line: \(line)") }
            headers.append((String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingCharacters(in: " ")))
        }
        var response = TestResponse(status: status, headers: headers, body: [])
        if status < 200 || status == 204 || status == 304 || headRequest { return response }
        if let length = response.header("Content-Length").flatMap(Int.init) {
            while buffer.count < length {
                guard try fill(max: chunkSize) else { throw TestFailure("EOF inside a body (\(buffer.count)/\(length))") }
            }
            response.body = Array(buffer[0..<length])
            buffer.removeFirst(length)
        } else {
            while try fill(max: chunkSize) {}
            response.body = buffer
            buffer = []
        }
        return response
    }

    /// True when the server closed the connection (EOF or reset) with nothing more to read.
    func readsEOF() -> Bool {
        guard buffer.isEmpty else { return false }
        do { return try !fill() && buffer.isEmpty } catch { return errno == ECONNRESET }
    }

    /// Everything until the server closes (or the receive timeout passes).
    func readToEnd() -> [UInt8] {
        while (try? fill()) == true {}
        defer { buffer = [] }
        return buffer
    }

    /// Whether a further response-less byte is buffered (used to show nothing else arrived).
    var bufferedCount: Int { buffer.count }

    private func find(_ needle: [UInt8]) -> Int? {
        guard buffer.count >= needle.count else { return nil }
        for i in 0...(buffer.count - needle.count) where buffer[i] == needle[0] {
            if Array(buffer[i..<(i + needle.count)]) == needle { return i }
        }
        return nil
    }
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s = s.dropFirst() }
        while s.last == set { s = s.dropLast() }
        return String(s)
    }

    func components(separatedBy separator: String) -> [String] {
        var result: [String] = []
        var rest = Substring(self)
        while let range = rest.firstRange(of: separator) {
            result.append(String(rest[..<range.lowerBound]))
            rest = rest[range.upperBound...]
        }
        result.append(String(rest))
        return result
    }
}

// MARK: - Handlers

/// Mutex-protected value whose locking ThreadSanitizer can see (see ThreadSanitizerHooks).
final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>
    init(_ value: Value) { mutex = Mutex(value) }
    func withLock<Result: Sendable>(_ body: (inout Value) -> Result) -> Result {
        mutex.withLockVisibleToTSan(self) { value in body(&value) }
    }
}

/// Counts and remembers what the handler saw.
final class Recorder: Sendable {
    let handled = Atomic<Int>(0)
    let screened = Atomic<Int>(0)
    let lastBody = Locked<[UInt8]>([])
    let paths = Locked<[String]>([])
}

/// A small router used by the live tests.
///  /echo           200, body = request body, X-Method / X-Body-Length headers
///  /slow?ms=N      answers N ms later from another queue
///  /big?bytes=N    N bytes of a repeating pattern
///  /abort          responder.abort()
///  /close          response carries Connection: close
///  /private        refused by screen() with 401
///  anything else   200 "hello <path>"
struct RouterHandler: HTTPHandler {
    let recorder: Recorder

    init(recorder: Recorder = Recorder()) {
        self.recorder = recorder
    }

    func screen(_ head: HTTPRequestHead) -> HTTPResponse? {
        recorder.screened.add(1, ordering: .relaxed)
        if head.target.hasPrefix("/private") {
            return HTTPResponse(status: 401, body: Array("{\"message\":\"no\"}".utf8))
        }
        return nil
    }

    func handle(_ request: HTTPRequest, responder: any HTTPResponder) {
        recorder.handled.add(1, ordering: .relaxed)
        recorder.lastBody.withLock { $0 = request.body }
        recorder.paths.withLock { $0.append(request.path) }
        switch request.path {
        case "/echo":
            var headers = HTTPHeaders()
            headers.add("X-Method", request.method)
            headers.add("X-Body-Length", String(request.body.count))
            responder.send(HTTPResponse(status: 200, headers: headers, body: request.body))
        case "/slow":
            let ms = Int(request.query.split(separator: "=").last ?? "50") ?? 50
            DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(ms)) {
                responder.send(HTTPResponse(status: 200, body: Array("slow \(ms)".utf8)))
            }
        case "/big":
            let count = Int(request.query.split(separator: "=").last ?? "0") ?? 0
            responder.send(HTTPResponse(status: 200, body: patternBytes(count)))
        case "/abort":
            responder.abort()
        case "/close":
            var headers = HTTPHeaders()
            headers.add("Connection", "close")
            responder.send(HTTPResponse(status: 200, headers: headers, body: Array("bye".utf8)))
        default:
            var headers = HTTPHeaders()
            headers.add("Content-Type", "text/plain")
            responder.send(HTTPResponse(status: 200, headers: headers, body: Array("hello \(request.path)".utf8)))
        }
    }
}

/// A repeating 251-byte pattern (prime period, so misplaced chunks show up). Built by block
/// copies because per-byte loops are very slow in debug + ThreadSanitizer builds.
func patternBytes(_ count: Int) -> [UInt8] {
    let block = (0..<251).map { UInt8($0) }
    var out: [UInt8] = []
    out.reserveCapacity(count)
    while out.count < count {
        out.append(contentsOf: block.prefix(count - out.count))
    }
    return out
}

// MARK: - Server lifetime

/// Starts a server on 127.0.0.1:0, runs `body`, and always shuts the server down, waiting for
/// the completion (bounded).
func withServer(
    configure: (inout HTTPServerConfiguration) -> Void = { _ in },
    handler: any HTTPHandler = RouterHandler(),
    _ body: (HTTPServer, Int) throws -> Void
) throws {
    var configuration = HTTPServerConfiguration()
    configuration.port = 0
    configuration.shutdownGrace = 2
    configure(&configuration)
    let server = HTTPServer(configuration: configuration, handler: handler)
    let port = try server.start()
    defer { shutdownAndWait(server) }
    try body(server, port)
}

func shutdownAndWait(_ server: HTTPServer, timeout: Double = 10) {
    let done = DispatchSemaphore(value: 0)
    server.shutdown { done.signal() }
    let result = done.wait(timeout: .now() + timeout)
    #expect(result == .success, "shutdown completion was not called")
}

/// Raises the soft descriptor limit to the hard one (the fd-heavy tests need ~1000).
func raiseDescriptorLimit() {
    var limit = rlimit()
    getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    if limit.rlim_cur < limit.rlim_max {
        limit.rlim_cur = limit.rlim_max
        setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }
}

/// Checks two large byte arrays for equality. On a mismatch it reports the lengths and the first
/// differing offset. `#expect(a == b)` would instead have Swift Testing diff the two arrays
/// element by element, which for megabytes runs for hours at full CPU.
func expectSameBytes(_ actual: [UInt8], _ expected: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
    guard actual != expected else { return }
    let common = min(actual.count, expected.count)
    let firstDifference = (0..<common).first { actual[$0] != expected[$0] } ?? common
    Issue.record("bytes differ: \(actual.count) bytes against \(expected.count) expected, first at offset \(firstDifference)",
                 sourceLocation: sourceLocation)
}
