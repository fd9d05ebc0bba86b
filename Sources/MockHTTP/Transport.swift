import Glibc

/// Outcome of one non-blocking read attempt.
enum TransportReadResult: Equatable {
    case bytes(Int)
    case wouldBlock
    /// Orderly end of the peer's byte stream (FIN, or a TLS close_notify later).
    case endOfStream
    case failed(Int32)
}

/// Outcome of one non-blocking write attempt.
enum TransportWriteResult: Equatable {
    case wrote(Int)
    case wouldBlock
    case failed(Int32)
}

/// The byte pipe under one connection. The connection state machine only talks to this, so a
/// TLS transport (OpenSSL over the same non-blocking descriptor, mapping SSL_ERROR_WANT_READ /
/// WANT_WRITE to `.wouldBlock`) can replace `SocketTransport` without touching parsing or
/// the state machine. The descriptor is exposed so Dispatch sources can watch it.
/// Confined to the connection's queue; not thread-safe.
protocol Transport: AnyObject {
    var fileDescriptor: Int32 { get }
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

    func read(into buffer: UnsafeMutableRawBufferPointer) -> TransportReadResult {
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

    func write(_ bytes: UnsafeRawBufferPointer) -> TransportWriteResult {
        while true {
            let n = send(fileDescriptor, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
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
