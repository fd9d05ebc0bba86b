/// An HTTP/1.1 server: a listener spreading connections over a fixed set of serial queues.
///
/// Thread-safe: all state lives in `ServerCore` (immutable fields, a Mutex-guarded registry,
/// and queue-confined connections). Call `shutdown` to release the socket and connections;
/// dropping the last reference to a started server does not stop it.
public final class HTTPServer: Sendable {
    let core: ServerCore

    public init(configuration: HTTPServerConfiguration, handler: any HTTPHandler) {
        core = ServerCore(configuration: configuration, handler: handler)
    }

    /// Binds, listens and starts accepting. Returns the bound port (useful with port 0).
    @discardableResult
    public func start() throws(HTTPServerError) -> Int {
        try core.start()
    }

    /// The bound port after `start()`, 0 before.
    public var port: Int { core.port }

    /// Graceful stop: stop accepting and close the listening socket at once; close idle
    /// connections; let in-flight requests finish and their responses be written (bounded by
    /// `shutdownGrace`), then close everything and call `completion` exactly once, on any thread.
    public func shutdown(completion: @escaping @Sendable () -> Void) {
        core.shutdown(completion: completion)
    }

    /// Open connections right now.
    public var connectionCount: Int { core.connectionCount }
}
