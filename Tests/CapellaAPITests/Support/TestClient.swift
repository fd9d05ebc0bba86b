// A small blocking HTTP/1.1 client over a POSIX socket, so tests see exactly what goes over the
// wire (status, headers, bytes) and can pipeline raw requests.

#if canImport(Glibc)
import Glibc
#endif
import Foundation
import MockJSON

struct TestResponse {
    var status: Int
    /// Header names lowercased; the last value wins.
    var headers: [String: String]
    var body: [UInt8]

    var text: String { String(decoding: body, as: UTF8.self) }

    var json: JSONValue {
        (try? JSONParser.parse(body)) ?? .null
    }

    /// Shorthand for `json[key]`.
    subscript(key: String) -> JSONValue? { json[key] }
}

enum TestClientError: Error {
    case connect(Int32), closed, timeout, malformed(String)
}

final class TestClient {
    /// -1 once closed. (deinit runs even when init throws, so a failed init must not leave the
    /// number behind for deinit to close again: by then it may belong to a server connection.)
    private var fd: Int32
    private var buffer: [UInt8] = []
    let port: Int
    var token: String?

    init(port: Int, token: String? = nil) throws {
        self.port = port
        self.token = token
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            let code = errno
            close(fd)
            fd = -1
            throw TestClientError.connect(code)
        }
    }

    deinit {
        if fd >= 0 { close(fd) }
    }

    /// Sends one request and reads its response. `body` is sent as JSON text when given.
    @discardableResult
    func send(_ method: String, _ path: String, body: String? = nil, headers: [(String, String)] = [],
              authorized: Bool = true) throws -> TestResponse {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n"
        if authorized, let token { head += "Authorization: Bearer \(token)\r\n" }
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if let body {
            head += "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n"
        }
        head += "\r\n"
        try write(Array((head + (body ?? "")).utf8))
        return try readResponse(method: method)
    }

    func get(_ path: String) throws -> TestResponse { try send("GET", path) }

    func write(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw TestClientError.closed }
            offset += n
        }
    }

    /// Reads one response (Content-Length framing; HEAD and 1xx/204/304 have no body).
    func readResponse(method: String = "GET") throws -> TestResponse {
        while true {
            if let end = headEnd() {
                let head = String(decoding: buffer[..<end], as: UTF8.self)
                var lines = head.components(separatedBy: "\r\n")
                let statusLine = lines.removeFirst().split(separator: " ")
                guard statusLine.count >= 2, let status = Int(statusLine[1]) else { throw TestClientError.malformed(head) }
                var headers: [String: String] = [:]
                for line in lines where !line.isEmpty {
                    guard let colon = line.firstIndex(of: ":") else { throw TestClientError.malformed(line) }
                    headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                }
                let hasBody = method != "HEAD" && status >= 200 && status != 204 && status != 304
                let length = hasBody ? Int(headers["content-length"] ?? "0") ?? 0 : 0
                while buffer.count < end + 4 + length { try fill() }
                let body = Array(buffer[(end + 4)..<(end + 4 + length)])
                buffer.removeFirst(end + 4 + length)
                return TestResponse(status: status, headers: headers, body: body)
            }
            try fill()
        }
    }

    /// True when the server has closed the connection (reads EOF) within the receive timeout.
    func isClosedByPeer() -> Bool {
        var byte: UInt8 = 0
        return recv(fd, &byte, 1, 0) == 0
    }

    private func headEnd() -> Int? {
        guard buffer.count >= 4 else { return nil }
        for i in 0...(buffer.count - 4) where buffer[i] == 13 && buffer[i + 1] == 10 && buffer[i + 2] == 13 && buffer[i + 3] == 10 {
            return i
        }
        return nil
    }

    private func fill() throws {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n == 0 { throw TestClientError.closed }
        if n < 0 { throw errno == EAGAIN || errno == EWOULDBLOCK ? TestClientError.timeout : TestClientError.closed }
        buffer.append(contentsOf: chunk[..<n])
    }
}

