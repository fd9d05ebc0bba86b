import COpenSSL
import Dispatch
import Glibc
import Testing
@testable import MockHTTP

// MARK: - A blocking TLS client over OpenSSL

/// A blocking TLS 1.2/1.3 client for the live tests. The only trust anchor is the PEM it is
/// given, certificate verification is on, and so is host-name (or IP address) verification of
/// `host`, so a successful handshake proves the server presented that certificate.
final class TLSClient {
    let fd: Int32
    private let context: OpaquePointer
    private let ssl: OpaquePointer
    private var buffer: [UInt8] = []
    private var closed = false

    /// - Parameters:
    ///   - host: what the certificate must name: an IP literal (checked against IP SANs) or a
    ///     DNS name (checked against DNS SANs, and sent as SNI). Always connects to 127.0.0.1.
    ///   - minVersion, maxVersion: TLS1_x_VERSION constants; 0 leaves OpenSSL's default.
    ///     A maximum below TLS 1.2 also lowers the client's security level so that OpenSSL
    ///     will offer it at all (the refusal must come from the server).
    init(port: Int, trusting pem: String, host: String = "127.0.0.1", minVersion: Int32 = 0, maxVersion: Int32 = 0,
         receiveTimeout: Double = 5, receiveBuffer: Int32? = nil) throws {
        fd = try connectedSocket(port: port, receiveTimeout: receiveTimeout, receiveBuffer: receiveBuffer)
        ERR_clear_error()
        guard let context = SSL_CTX_new(TLS_client_method()) else {
            Glibc.close(fd)
            throw TestFailure("SSL_CTX_new: \(openSSLReasons())")
        }
        SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
        if minVersion != 0 { _ = copenssl_ctx_set_min_proto_version(context, minVersion) }
        if maxVersion != 0 { _ = copenssl_ctx_set_max_proto_version(context, maxVersion) }
        if maxVersion != 0 && maxVersion < TLS1_2_VERSION {
            _ = SSL_CTX_set_cipher_list(context, "DEFAULT:@SECLEVEL=0")
        }
        guard Self.addTrustAnchors(pem, to: context), let ssl = SSL_new(context) else {
            SSL_CTX_free(context)
            Glibc.close(fd)
            throw TestFailure("client setup failed: \(openSSLReasons())")
        }
        self.context = context
        self.ssl = ssl
        // From here on deinit cleans up.
        if isIPLiteral(host) {
            _ = X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host)
        } else {
            _ = SSL_set1_host(ssl, host)
            _ = copenssl_set_tlsext_host_name(ssl, host)
        }
        _ = SSL_set_fd(ssl, fd)
        ERR_clear_error()
        if SSL_connect(ssl) != 1 {
            let verify = SSL_get_verify_result(ssl)
            var reason = openSSLReasons()
            if verify != X509_V_OK, let text = X509_verify_cert_error_string(verify) {
                reason += " (verify: \(String(cString: text)))"
            }
            throw TestFailure("handshake failed: \(reason)")
        }
    }

    deinit {
        SSL_free(ssl)
        SSL_CTX_free(context)
        close()
    }

    private static func addTrustAnchors(_ pem: String, to context: OpaquePointer) -> Bool {
        let store = SSL_CTX_get_cert_store(context)
        let bytes = Array(pem.utf8)
        let added = bytes.withUnsafeBytes { raw -> Int in
            guard let bio = BIO_new_mem_buf(raw.baseAddress, Int32(raw.count)) else { return 0 }
            defer { BIO_free(bio) }
            var count = 0
            while let certificate = PEM_read_bio_X509(bio, nil, nil, nil) {
                if X509_STORE_add_cert(store, certificate) == 1 { count += 1 }
                X509_free(certificate)
            }
            return count
        }
        ERR_clear_error()
        return added > 0
    }

    /// "TLSv1.2" or "TLSv1.3".
    var protocolVersion: String { String(cString: SSL_get_version(ssl)) }

    func close() {
        guard !closed else { return }
        closed = true
        Glibc.close(fd)
    }

    func send(_ text: String) throws { try send(Array(text.utf8)) }

    func send(_ data: [UInt8]) throws {
        var offset = 0
        while offset < data.count {
            var written = 0
            ERR_clear_error()
            let ok = data[offset...].withUnsafeBytes { SSL_write_ex(ssl, $0.baseAddress, $0.count, &written) }
            guard ok == 1 else { throw TestFailure("SSL_write: \(openSSLReasons())") }
            offset += written
        }
    }

    /// Asks for a TLS 1.3 key update (sent with the next write); the server must answer with its own.
    func requestKeyUpdate() throws {
        ERR_clear_error()
        guard SSL_key_update(ssl, SSL_KEY_UPDATE_REQUESTED) == 1 else {
            throw TestFailure("SSL_key_update: \(openSSLReasons())")
        }
    }

    /// Tries a TLS 1.2 renegotiation. Nil when it succeeded, else OpenSSL's reason.
    func renegotiationFailure() -> String? {
        ERR_clear_error()
        guard SSL_renegotiate(ssl) == 1 else { return "SSL_renegotiate: \(openSSLReasons())" }
        if SSL_do_handshake(ssl) == 1 { return nil }
        return openSSLReasons()
    }

    /// Sends close_notify (our half of the TLS close), then FIN; reading still works.
    func closeNotifyAndShutdownWrite() {
        _ = SSL_shutdown(ssl)
        Glibc.shutdown(fd, Int32(SHUT_WR))
    }

    private enum Fill { case data, closeNotify, eof }

    private func fill(max: Int = 65536) throws -> Fill {
        var chunk = [UInt8](repeating: 0, count: max)
        var count = 0
        ERR_clear_error()
        let ok = chunk.withUnsafeMutableBytes { SSL_read_ex(ssl, $0.baseAddress, $0.count, &count) }
        if ok == 1 {
            buffer.append(contentsOf: chunk[0..<count])
            return .data
        }
        let code = SSL_get_error(ssl, 0)
        switch code {
        case SSL_ERROR_ZERO_RETURN:
            return .closeNotify
        case SSL_ERROR_SYSCALL where errno == 0 || errno == ECONNRESET:
            return .eof
        case SSL_ERROR_WANT_READ:
            throw TestFailure("SSL_read: timeout with \(buffer.count) bytes buffered")
        default:
            let reasons = openSSLReasons()
            // A FIN without close_notify reads as "unexpected eof while reading" in OpenSSL 3.
            if reasons.contains("unexpected eof") { return .eof }
            throw TestFailure("SSL_read: error \(code): \(reasons) with \(buffer.count) bytes buffered")
        }
    }

    func readResponse(headRequest: Bool = false, chunkSize: Int = 65536) throws -> TestResponse {
        var headEnd: Int?
        while true {
            headEnd = findSequence(bytes("\r\n\r\n"), in: buffer)
            if headEnd != nil { break }
            guard try fill(max: chunkSize) == .data else { throw TestFailure("EOF before a response head (\(buffer.count) bytes)") }
        }
        let head = String(decoding: buffer[0..<headEnd!], as: UTF8.self)
        buffer.removeFirst(headEnd! + 4)
        var response = try parseResponseHead(head)
        if response.status < 200 || response.status == 204 || response.status == 304 || headRequest { return response }
        if let length = response.header("Content-Length").flatMap(Int.init) {
            while buffer.count < length {
                guard try fill(max: chunkSize) == .data else { throw TestFailure("EOF inside a body (\(buffer.count)/\(length))") }
            }
            response.body = Array(buffer[0..<length])
            buffer.removeFirst(length)
        } else {
            while try fill(max: chunkSize) == .data {}
            response.body = buffer
            buffer = []
        }
        return response
    }

    /// True when the server ended the stream (close_notify, FIN or reset) with nothing more to read.
    func readsEOF() -> Bool {
        guard buffer.isEmpty else { return false }
        return ((try? fill()) ?? .data) != .data && buffer.isEmpty
    }

    /// True when the server's next record is a close_notify (a clean TLS close).
    func readsCloseNotify() -> Bool {
        guard buffer.isEmpty else { return false }
        return (try? fill()) == .closeNotify
    }
}

/// The handshake must fail; returns OpenSSL's reason text.
func tlsHandshakeFailure(port: Int, trusting pem: String, host: String = "127.0.0.1",
                         minVersion: Int32 = 0, maxVersion: Int32 = 0) -> String? {
    do {
        _ = try TLSClient(port: port, trusting: pem, host: host, minVersion: minVersion, maxVersion: maxVersion)
        return nil
    } catch {
        return "\(error)"
    }
}

private func isIPLiteral(_ host: String) -> Bool {
    var v4 = in_addr()
    var v6 = in6_addr()
    return inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1
}

func openSSLReasons() -> String {
    var reasons: [String] = []
    while true {
        let code = ERR_get_error()
        if code == 0 { break }
        reasons.append(ERR_reason_error_string(code).map { String(cString: $0) } ?? "0x\(String(code, radix: 16))")
    }
    return reasons.isEmpty ? "(no OpenSSL error queued)" : reasons.joined(separator: "; ")
}

/// A blocking socket connected to 127.0.0.1:port, with send/receive timeouts.
func connectedSocket(port: Int, receiveTimeout: Double, receiveBuffer: Int32?) throws -> Int32 {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw TestFailure("socket: \(errno)") }
    var timeout = timeval(tv_sec: Int(receiveTimeout), tv_usec: Int((receiveTimeout - Double(Int(receiveTimeout))) * 1_000_000))
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    if var size = receiveBuffer {
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
    }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let rc = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
    }
    if rc != 0 {
        let code = errno
        Glibc.close(fd)
        throw TestFailure("connect: \(code)")
    }
    return fd
}

func parseResponseHead(_ text: String) throws -> TestResponse {
    var lines = text.components(separatedBy: "\r\n")
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
    return TestResponse(status: status, headers: headers, body: [])
}

func findSequence(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
    guard haystack.count >= needle.count else { return nil }
    for i in 0...(haystack.count - needle.count) where haystack[i] == needle[0] {
        if haystack[i..<(i + needle.count)].elementsEqual(needle) { return i }
    }
    return nil
}

// MARK: - Servers and files

/// `withServer`, serving TLS with `tls` (a fresh self-signed certificate by default).
func withTLSServer(
    tls: TLSConfiguration? = nil,
    configure: (inout HTTPServerConfiguration) -> Void = { _ in },
    handler: any HTTPHandler = RouterHandler(),
    _ body: (HTTPServer, Int, TLSConfiguration) throws -> Void
) throws {
    let configuration = try tls ?? TLSConfiguration.selfSigned()
    try withServer(configure: {
        $0.tls = configuration
        configure(&$0)
    }, handler: handler) { server, port in
        try body(server, port, configuration)
    }
}

/// A private directory under /tmp, removed with everything in it afterwards.
func withTemporaryDirectory(_ body: (String) throws -> Void) throws {
    var template = Array("/tmp/mockhttp-tls-XXXXXX".utf8CString)
    let directory = template.withUnsafeMutableBufferPointer { buffer -> String? in
        guard let base = buffer.baseAddress, mkdtemp(base) != nil else { return nil }
        return String(cString: base)
    }
    guard let directory else { throw TestFailure("mkdtemp: \(errno)") }
    defer {
        if let handle = opendir(directory) {
            while let entry = readdir(handle) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                if name != "." && name != ".." { unlink("\(directory)/\(name)") }
            }
            closedir(handle)
        }
        rmdir(directory)
    }
    try body(directory)
}

func writeTextFile(_ path: String, _ text: String) throws {
    guard let file = fopen(path, "w") else { throw TestFailure("fopen \(path): \(errno)") }
    defer { fclose(file) }
    let data = Array(text.utf8)
    guard fwrite(data, 1, data.count, file) == data.count else { throw TestFailure("fwrite \(path): \(errno)") }
}

func readTextFile(_ path: String) -> String {
    guard let file = fopen(path, "r") else { return "" }
    defer { fclose(file) }
    var data: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
        let n = fread(&chunk, 1, chunk.count, file)
        if n <= 0 { break }
        data.append(contentsOf: chunk[0..<n])
    }
    return String(decoding: data, as: UTF8.self)
}

// MARK: - Subprocesses

/// The first executable called `name` on PATH.
func executableOnPath(_ name: String) -> String? {
    let path = getenv("PATH").map { String(cString: $0) } ?? "/usr/bin:/bin"
    for directory in path.split(separator: ":") {
        let candidate = "\(directory)/\(name)"
        if access(candidate, X_OK) == 0 { return candidate }
    }
    return nil
}

/// Runs `arguments` (the first is the executable path) with stdout and stderr going to
/// `output`, waiting at most `timeout` seconds, with `extraEnvironment` ("NAME=value") added to
/// this process's environment. Returns the exit status, -1 when signalled.
func runProcess(_ arguments: [String], output: String, timeout: Double = 30,
                extraEnvironment: [String] = []) throws -> Int32 {
    var environment = extraEnvironment
    var entry = environ
    while let pointer = entry.pointee {
        environment.append(String(cString: pointer))
        entry += 1
    }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    var cArguments = arguments.map { strdup($0) } + [nil]
    var cEnvironment = environment.map { strdup($0) } + [nil]
    defer {
        cArguments.forEach { free($0) }
        cEnvironment.forEach { free($0) }
    }
    var pid: pid_t = 0
    let rc = posix_spawn(&pid, arguments[0], &actions, nil, &cArguments, &cEnvironment)
    guard rc == 0 else { throw TestFailure("posix_spawn \(arguments[0]): \(rc)") }
    var status: Int32 = 0
    let finished = eventually(timeout: timeout) { waitpid(pid, &status, WNOHANG) == pid }
    if !finished {
        kill(pid, SIGKILL)
        waitpid(pid, &status, 0)
        throw TestFailure("\(arguments[0]) timed out")
    }
    return (status & 0x7F) == 0 ? (status >> 8) & 0xFF : -1
}
