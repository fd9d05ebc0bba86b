internal import COpenSSL
import Glibc

/// TLS (server side) over the connection's non-blocking socket. OpenSSL reads and writes the
/// descriptor itself (`SSL_set_fd`); the connection's Dispatch sources say when to call again.
/// The handshake has no step of its own: it runs inside the first reads, and its need to send
/// surfaces as `.wouldBlockUntilWritable` when the socket is full.
///
/// Reads loop `SSL_read` until the caller's buffer is full or OpenSSL needs the socket, so no
/// decrypted byte is left inside OpenSSL without a readiness event to come back for it.
/// Writes pass everything queued; with `SSL_MODE_ENABLE_PARTIAL_WRITE` OpenSSL reports each
/// record as written, and after a would-block the connection retries with the same bytes at the
/// same position (possibly followed by more, from a buffer that may have moved), as OpenSSL
/// requires.
///
/// Every OpenSSL call starts with a clear per-thread error queue and leaves it clear, because
/// the worker threads are shared by many connections. OpenSSL writes with write(2), not
/// send(MSG_NOSIGNAL), so this relies on the server ignoring SIGPIPE (done in `start`).
/// Confined to the connection's queue.
final class TLSTransport: Transport {
    private enum Mode {
        /// Handshake or established TLS.
        case tls
        /// The peer spoke plain HTTP: bytes pass unencrypted so that a 400 can be sent.
        case plaintext
        /// Write side shut (after a close_notify): what still arrives is read raw and dropped.
        case writeShut
    }

    static let plainHTTPRefusal = HTTPParseFailure(
        status: 400, message: "This port speaks HTTPS: plain HTTP requests are not served here; use https://.")

    let fileDescriptor: Int32
    private let ssl: OpaquePointer
    private var mode = Mode.tls
    /// A fatal TLS error happened: OpenSSL forbids any further I/O, SSL_shutdown included.
    private var broken = false
    private var sentCloseNotify = false
    /// What stopped a read that had already produced bytes; reported by the next read.
    private var deferredRead: TransportReadResult?
    private var freed = false
    private var closed = false
    /// The first byte from the peer has been looked at (see `peekForPlainHTTP`).
    private var firstByteChecked = false

    /// Nil when OpenSSL cannot allocate the session (out of memory).
    init?(fileDescriptor: Int32, configuration: TLSConfiguration) {
        ERR_clear_error()
        guard let ssl = SSL_new(configuration.context) else {
            ERR_clear_error()
            return nil
        }
        guard SSL_set_fd(ssl, fileDescriptor) == 1 else {
            SSL_free(ssl)
            ERR_clear_error()
            return nil
        }
        SSL_set_accept_state(ssl)
        self.ssl = ssl
        self.fileDescriptor = fileDescriptor
    }

    deinit {
        if !freed { SSL_free(ssl) }
    }

    var isHandshaking: Bool {
        mode == .tls && !broken && SSL_is_init_finished(ssl) != 1
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) -> TransportReadResult {
        guard mode == .tls else { return SocketTransport.receive(fileDescriptor, into: buffer) }
        if let deferred = deferredRead {
            deferredRead = nil
            return deferred
        }
        guard !broken else { return .failed(EPROTO) }
        guard let base = buffer.baseAddress, buffer.count > 0 else { return .wouldBlock }
        if !firstByteChecked, let verdict = peekForPlainHTTP() { return verdict }
        var total = 0
        while total < buffer.count {
            ERR_clear_error()
            var count = 0
            let rc = SSL_read_ex(ssl, base + total, buffer.count - total, &count)
            if rc == 1 {
                total += count
                continue
            }
            let outcome = readStopped(SSL_get_error(ssl, rc), errno: errno)
            if total == 0 { return outcome }
            if outcome != .wouldBlock { deferredRead = outcome }
            break
        }
        return .bytes(total)
    }

    /// A TLS connection opens with a record whose first byte is a content type (0x14-0x17), or
    /// 0x80 and up for an SSLv2-style hello; an HTTP request opens with the letters of its method.
    /// OpenSSL recognizes only GET, POST, HEAD, PUT and CONNECT, so the first byte is looked at
    /// here, before OpenSSL reads anything: a letter means plain HTTP whatever the method, and it
    /// gets the 400 that tells the client to use https://. Nil: hand the bytes to OpenSSL.
    private func peekForPlainHTTP() -> TransportReadResult? {
        var first: UInt8 = 0
        let count = recv(fileDescriptor, &first, 1, Int32(MSG_PEEK))
        if count < 0 {
            if errno == EAGAIN || errno == EWOULDBLOCK { return .wouldBlock }
            if errno == EINTR { return nil }
            return .failed(errno)
        }
        firstByteChecked = true
        if count == 0 { return .endOfStream }
        let letter = first | 0x20
        guard letter >= UInt8(ascii: "a"), letter <= UInt8(ascii: "z") else { return nil }
        mode = .plaintext
        return .refused(Self.plainHTTPRefusal)
    }

    private func readStopped(_ code: Int32, errno savedErrno: Int32) -> TransportReadResult {
        switch code {
        case SSL_ERROR_WANT_READ:
            return .wouldBlock
        case SSL_ERROR_WANT_WRITE:
            return .wouldBlockUntilWritable
        case SSL_ERROR_ZERO_RETURN:
            // close_notify, or (SSL_OP_IGNORE_UNEXPECTED_EOF) a bare FIN.
            return .endOfStream
        case SSL_ERROR_SYSCALL:
            broken = true
            ERR_clear_error()
            return savedErrno == 0 ? .endOfStream : .failed(savedErrno)
        default:
            broken = true
            // "http request" / "https proxy request": the first record header was ASCII. OpenSSL
            // has sent nothing yet, so the socket is still a clean plain-text channel.
            if SSL_is_init_finished(ssl) != 1, let first = OpenSSLErrors.peekFirst(),
               first.library == ERR_LIB_SSL,
               first.reason == SSL_R_HTTP_REQUEST || first.reason == SSL_R_HTTPS_PROXY_REQUEST {
                ERR_clear_error()
                mode = .plaintext
                return .refused(Self.plainHTTPRefusal)
            }
            ERR_clear_error()
            return .failed(EPROTO)
        }
    }

    func write(_ bytes: UnsafeRawBufferPointer) -> TransportWriteResult {
        switch mode {
        case .plaintext: return SocketTransport.send(fileDescriptor, bytes)
        case .writeShut: return .failed(EPIPE)
        case .tls: break
        }
        guard !broken else { return .failed(EPROTO) }
        guard let base = bytes.baseAddress, bytes.count > 0 else { return .wrote(0) }
        ERR_clear_error()
        var written = 0
        let rc = SSL_write_ex(ssl, base, bytes.count, &written)
        if rc == 1 { return .wrote(written) }
        let savedErrno = errno
        switch SSL_get_error(ssl, rc) {
        case SSL_ERROR_WANT_WRITE:
            return .wouldBlock
        case SSL_ERROR_WANT_READ:
            return .wouldBlockUntilReadable
        default:
            broken = true
            ERR_clear_error()
            return .failed(savedErrno != 0 ? savedErrno : EPROTO)
        }
    }

    /// close_notify (best effort: one non-blocking attempt), then FIN. Later reads are raw and
    /// only serve to drain the socket during a lingering close.
    func shutdownWrite() {
        if mode == .tls {
            sendCloseNotify()
            mode = .writeShut
        }
        _ = Glibc.shutdown(fileDescriptor, Int32(SHUT_WR))
    }

    func close() {
        guard !closed else { return }
        closed = true
        if mode == .tls { sendCloseNotify() }
        SSL_free(ssl)
        freed = true
        ERR_clear_error()
        _ = Glibc.close(fileDescriptor)
    }

    /// Only after a completed handshake and never after a fatal error. SSL_shutdown returns 0
    /// when the alert went out (we do not wait for the peer's), or -1 with WANT_WRITE when the
    /// socket is full; either way there is no second attempt.
    private func sendCloseNotify() {
        guard !broken, !sentCloseNotify, SSL_is_init_finished(ssl) == 1 else { return }
        sentCloseNotify = true
        ERR_clear_error()
        _ = SSL_shutdown(ssl)
        ERR_clear_error()
    }
}
