import Glibc

/// Thin helpers over the POSIX socket calls the listener and connections need.
/// Everything here is synchronous and non-blocking; nothing touches Dispatch.
enum Socket {
    /// Ignore SIGPIPE once per process: a peer that vanishes must surface as EPIPE, not kill us.
    /// (`send` also passes MSG_NOSIGNAL; this covers any other write path.)
    static let ignoreSIGPIPE: Void = {
        _ = signal(SIGPIPE, SIG_IGN)
    }()

    typealias Accept4Function = @convention(c) (
        Int32, UnsafeMutablePointer<sockaddr>?, UnsafeMutablePointer<socklen_t>?, Int32) -> Int32

    /// glibc's accept4 is a GNU extension the Glibc module does not import, so it is looked up
    /// once by name (it is in every glibc since 2.10). Nil only on an exotic libc.
    static let accept4Function: Accept4Function? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "accept4") else { return nil }
        return unsafeBitCast(symbol, to: Accept4Function.self)
    }()

    /// accept4(fd, ..., SOCK_NONBLOCK | SOCK_CLOEXEC), falling back to accept + fcntl.
    static func acceptNonBlocking(_ fd: Int32, _ address: UnsafeMutablePointer<sockaddr>,
                                  _ length: UnsafeMutablePointer<socklen_t>) -> Int32 {
        if let accept4 = accept4Function {
            return accept4(fd, address, length, Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue))
        }
        let accepted = accept(fd, address, length)
        if accepted >= 0 {
            _ = fcntl(accepted, F_SETFL, fcntl(accepted, F_GETFL) | O_NONBLOCK)
            _ = fcntl(accepted, F_SETFD, FD_CLOEXEC)
        }
        return accepted
    }

    static func errorText(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "errno \(code)" }
        return String(cString: text)
    }

    /// A parsed numeric bind address.
    enum BindAddress {
        case v4(sockaddr_in)
        case v6(sockaddr_in6)

        var family: Int32 {
            switch self {
            case .v4: return AF_INET
            case .v6: return AF_INET6
            }
        }
    }

    /// Accepts an IPv4 literal, an IPv6 literal (optionally in brackets) or "localhost".
    static func bindAddress(host: String, port: Int) throws(HTTPServerError) -> BindAddress {
        guard (0...65535).contains(port) else { throw .invalidPort(port) }
        var literal = host
        if literal == "localhost" { literal = "127.0.0.1" }
        if literal.hasPrefix("["), literal.hasSuffix("]") {
            literal = String(literal.dropFirst().dropLast())
        }
        var v4 = sockaddr_in()
        if inet_pton(AF_INET, literal, &v4.sin_addr) == 1 {
            v4.sin_family = sa_family_t(AF_INET)
            v4.sin_port = in_port_t(UInt16(port).bigEndian)
            return .v4(v4)
        }
        var v6 = sockaddr_in6()
        if inet_pton(AF_INET6, literal, &v6.sin6_addr) == 1 {
            v6.sin6_family = sa_family_t(AF_INET6)
            v6.sin6_port = in_port_t(UInt16(port).bigEndian)
            return .v6(v6)
        }
        throw .invalidHost(host)
    }

    /// socket + SO_REUSEADDR + bind + listen, non-blocking and close-on-exec.
    /// Returns the descriptor and the port actually bound (useful when port 0 was asked).
    static func makeListener(host: String, port: Int, backlog: Int32) throws(HTTPServerError) -> (fd: Int32, port: Int) {
        let address = try bindAddress(host: host, port: port)
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        let fd = socket(address.family, type, 0)
        guard fd >= 0 else { throw .socketFailed(reason: errorText(errno)) }

        var one: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))

        let bound: Int32
        switch address {
        case .v4(var sa):
            bound = withUnsafePointer(to: &sa) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        case .v6(var sa):
            bound = withUnsafePointer(to: &sa) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size))
                }
            }
        }
        if bound != 0 {
            let reason = errorText(errno)
            _ = close(fd)
            throw .bindFailed(host: host, port: port, reason: reason)
        }
        if listen(fd, backlog) != 0 {
            let reason = errorText(errno)
            _ = close(fd)
            throw .listenFailed(reason: reason)
        }
        guard let actual = localPort(fd) else {
            let reason = errorText(errno)
            _ = close(fd)
            throw .listenFailed(reason: reason)
        }
        return (fd, actual)
    }

    static func localPort(_ fd: Int32) -> Int? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let rc = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard rc == 0 else { return nil }
        switch Int32(storage.ss_family) {
        case AF_INET:
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin_port)) }
            }
        case AF_INET6:
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin6_port)) }
            }
        default:
            return nil
        }
    }

    /// Disable Nagle: responses are written whole, so delaying small segments only adds latency.
    static func setNoDelay(_ fd: Int32) {
        var one: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    /// Whether the descriptor is ready for `events` (POLLIN, POLLOUT) right now, without waiting.
    /// Used where an edge-triggered event may already have passed.
    static func isReady(_ fd: Int32, for events: Int16) -> Bool {
        var entry = pollfd(fd: fd, events: events, revents: 0)
        return poll(&entry, 1, 0) == 1 && entry.revents != 0
    }

    /// The numeric text form of an address filled in by accept ("127.0.0.1", "::1").
    static func addressText(_ storage: inout sockaddr_storage) -> String {
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        let ok: Bool
        switch Int32(storage.ss_family) {
        case AF_INET:
            ok = withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { sa in
                    var addr = sa.pointee.sin_addr
                    return inet_ntop(AF_INET, &addr, &text, socklen_t(text.count)) != nil
                }
            }
        case AF_INET6:
            ok = withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { sa in
                    var addr = sa.pointee.sin6_addr
                    return inet_ntop(AF_INET6, &addr, &text, socklen_t(text.count)) != nil
                }
            }
        default:
            ok = false
        }
        guard ok else { return "" }
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
