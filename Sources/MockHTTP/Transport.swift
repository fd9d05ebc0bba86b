import Glibc

/// Outcome of one non-blocking read attempt.
enum TransportReadResult: Equatable {
    case bytes(Int)
    /// Retry when the socket is readable.
    case wouldBlock
    /// TLS only: the read must first send bytes of its own (handshake, key update) and the
    /// socket is full. Retry the read when the socket is writable.
    case wouldBlockUntilWritable
    /// Orderly end of the peer's byte stream (FIN, or a TLS close_notify).
    case endOfStream
    case failed(Int32)
    /// TLS only: the peer spoke plain HTTP to the TLS port. The transport now passes bytes
    /// through unencrypted, so this failure can be answered in plain text before closing.
    case refused(HTTPParseFailure)
}

/// Outcome of one non-blocking write attempt.
enum TransportWriteResult: Equatable {
    case wrote(Int)
    /// Retry, with the same bytes first, when the socket is writable.
    case wouldBlock
    /// TLS only: the write must first receive handshake bytes. Retry, with the same bytes
    /// first, when the socket is readable.
    case wouldBlockUntilReadable
    case failed(Int32)
}

/// The byte pipe under one connection: `SocketTransport` (plain TCP) or `TLSTransport`
/// (OpenSSL over the same non-blocking descriptor). The connection state machine only talks to
/// this; the descriptor is exposed so Dispatch sources can watch it. A read reports every byte
/// it has (a short read means nothing more is available now), so a transport that buffers
/// internally never leaves bytes behind without a readiness event to fetch them.
/// Confined to the connection's queue; not thread-safe.
protocol Transport: AnyObject {
    var fileDescriptor: Int32 { get }
    /// True while a TLS handshake is under way (no request can have arrived yet).
    var isHandshaking: Bool { get }
    func read(into buffer: UnsafeMutableRawBufferPointer) -> TransportReadResult
    func write(_ bytes: UnsafeRawBufferPointer) -> TransportWriteResult
    /// Stop sending (FIN after queued bytes) but keep receiving; used for lingering close.
    func shutdownWrite()
    func close()
}

/// Plain TCP.
final class SocketTransport: Transport {
    let fileDescriptor: Int32
    private var closed = false

    init(fileDescriptor: Int32) {
        self.fileDescriptor = fileDescriptor
    }

    var isHandshaking: Bool { false }

    func read(into buffer: UnsafeMutableRawBufferPointer) -> TransportReadResult {
        Self.receive(fileDescriptor, into: buffer)
    }

    func write(_ bytes: UnsafeRawBufferPointer) -> TransportWriteResult {
        Self.send(fileDescriptor, bytes)
    }

    /// One non-blocking recv (also used by TLSTransport once it stops speaking TLS).
    static func receive(_ fileDescriptor: Int32, into buffer: UnsafeMutableRawBufferPointer) -> TransportReadResult {
        while true {
            let n = recv(fileDescriptor, buffer.baseAddress, buffer.count, 0)
            if n > 0 { return .bytes(n) }
            if n == 0 { return .endOfStream }
            let code = errno
            if code == EINTR { continue }
            if code == EAGAIN || code == EWOULDBLOCK { return .wouldBlock }
            return .failed(code)
        }
    }

    /// One non-blocking send (also used by TLSTransport once it stops speaking TLS).
    static func send(_ fileDescriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> TransportWriteResult {
        while true {
            let n = Glibc.send(fileDescriptor, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
            if n >= 0 { return .wrote(n) }
            let code = errno
            if code == EINTR { continue }
            if code == EAGAIN || code == EWOULDBLOCK { return .wouldBlock }
            return .failed(code)
        }
    }

    func shutdownWrite() {
        _ = Glibc.shutdown(fileDescriptor, Int32(SHUT_WR))
    }

    func close() {
        guard !closed else { return }
        closed = true
        _ = Glibc.close(fileDescriptor)
    }
}
