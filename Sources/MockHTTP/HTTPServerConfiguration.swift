import Glibc

/// Tunables of one server. Every field has a default that suits the Capella mock.
public struct HTTPServerConfiguration: Sendable {
    /// IPv4 or IPv6 literal (brackets allowed), or "localhost" (= 127.0.0.1).
    public var host: String = "127.0.0.1"
    /// 0 picks a free port; `HTTPServer.start()` returns the one bound.
    public var port: Int = 8080
    /// Size of the fixed set of serial queues that connections are spread over.
    public var queueCount: Int = HTTPServerConfiguration.defaultQueueCount
    /// Request line plus headers; a longer head is answered with 431.
    public var maxHeadBytes: Int = 64 * 1024
    /// Declared or decoded body size limit; over it the request is answered with 413.
    public var maxBodyBytes: Int = 18 * 1024 * 1024
    /// Seconds an idle keep-alive connection may sit (also bounds a stalled writer).
    public var idleTimeout: Double = 60
    /// Seconds to finish a request head and body once its first byte arrived.
    public var headTimeout: Double = 10
    /// Upper bound on waiting for in-flight responses at shutdown.
    public var shutdownGrace: Double = 10
    public var backlog: Int32 = 1024
    /// Serve HTTPS instead of plain HTTP (TLS 1.2 and 1.3). Plain HTTP sent to such a server is
    /// answered with a plain-text 400 and closed.
    public var tls: TLSConfiguration? = nil
    /// Diagnostics such as accept back-off on EMFILE. Called from arbitrary queues.
    public var onEvent: (@Sendable (String) -> Void)? = nil

    /// Test seam: when set, consulted before every accept; a non-nil errno is returned as if
    /// accept4 had failed with it. Lets tests drive the EMFILE back-off deterministically.
    var acceptFaultInjector: (@Sendable () -> Int32?)? = nil

    /// Test seam: when set, makes the transport of each accepted descriptor (instead of a plain
    /// or TLS one). Lets tests inject transport results that real sockets rarely produce.
    var transportFactory: (@Sendable (_ fileDescriptor: Int32) -> any Transport)? = nil

    public init() {}

    /// min(max(online CPUs, 2), 4).
    public static var defaultQueueCount: Int {
        let online = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        return min(max(online, 2), 4)
    }
}

public enum HTTPServerError: Error, CustomStringConvertible, Equatable {
    case invalidHost(String)
    case invalidPort(Int)
    case socketFailed(reason: String)
    case bindFailed(host: String, port: Int, reason: String)
    case listenFailed(reason: String)
    /// `start()` was called twice, or after `shutdown`.
    case notStartable

    public var description: String {
        switch self {
        case .invalidHost(let host):
            return "invalid host '\(host)': expected an IPv4/IPv6 literal or 'localhost'"
        case .invalidPort(let port):
            return "invalid port \(port): expected 0...65535"
        case .socketFailed(let reason):
            return "cannot create socket: \(reason)"
        case .bindFailed(let host, let port, let reason):
            return "cannot bind \(host):\(port): \(reason)"
        case .listenFailed(let reason):
            return "cannot listen: \(reason)"
        case .notStartable:
            return "server already started or shut down"
        }
    }
}
