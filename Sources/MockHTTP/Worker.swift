import Dispatch
import Glibc

/// One of the server's fixed set of serial queues, with the connections confined to it.
///
/// `@unchecked Sendable`: `connections`, `readiness`, `sweeper` and `shuttingDown` are touched
/// only on `queue`; `scratch` is only used by code running on `queue`. The other fields are
/// immutable.
final class Worker: @unchecked Sendable {
    let queue: DispatchQueue
    /// Read buffer shared by all connections of this queue (they never run concurrently).
    let scratch: UnsafeMutableRawBufferPointer
    /// gzip streams shared by this queue's connections (they never run concurrently).
    let gzip = GzipCodec()
    /// By descriptor: a descriptor leaves this table and the readiness set before it is closed.
    private(set) var connections: [Int32: Connection] = [:]
    /// Readiness of every connection of this queue (see `ReadinessSet` for why not a Dispatch
    /// source per connection).
    private var readiness: ReadinessSet?
    private var sweeper: TimeoutSweeper?
    private(set) var shuttingDown = false

    static let scratchSize = 64 * 1024

    init(index: Int) {
        queue = DispatchQueue(label: "mockhttp.worker.\(index)", qos: .userInitiated)
        scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.scratchSize, alignment: 16)
    }

    deinit {
        readiness?.cancel()
        scratch.deallocate()
    }

    // Everything below runs on `queue`.

    /// Before the first connection; the errno when no epoll instance could be had.
    func startEvents() -> Int32? {
        guard readiness == nil else { return nil }
        guard let set = ReadinessSet() else { return errno }
        set.start(queue: queue) { [weak self] descriptor, readiness in
            // A descriptor closed earlier in this batch is no longer in the table.
            self?.connections[descriptor]?.handle(readiness)
        }
        readiness = set
        return nil
    }

    func stopEvents() {
        readiness?.cancel()
        readiness = nil
    }

    func open(fileDescriptor: Int32, remoteAddress: String, core: ServerCore) {
        let transport: any Transport
        if let make = core.configuration.transportFactory {
            transport = make(fileDescriptor)
        } else if let tls = core.configuration.tls {
            guard let session = TLSTransport(fileDescriptor: fileDescriptor, configuration: tls) else {
                // OpenSSL could not allocate a session: refuse this client, keep serving others.
                _ = Glibc.close(fileDescriptor)
                core.connectionDidClose()
                return
            }
            transport = session
        } else {
            transport = SocketTransport(fileDescriptor: fileDescriptor)
        }
        let connection = Connection(transport: transport, remoteAddress: remoteAddress, worker: self, core: core)
        guard let readiness, readiness.watch(fileDescriptor) else {
            transport.close()
            core.connectionDidClose()
            return
        }
        connections[fileDescriptor] = connection
        connection.start(shuttingDown: shuttingDown)
    }

    /// Takes a connection's descriptor out of the readiness set and the table; the caller
    /// closes it right after.
    func remove(_ connection: Connection, fileDescriptor: Int32) {
        readiness?.unwatch(fileDescriptor)
        if connections[fileDescriptor] === connection { connections[fileDescriptor] = nil }
    }

    func startSweeper(interval: Double) {
        guard sweeper == nil else { return }
        sweeper = TimeoutSweeper(queue: queue, interval: interval) { [weak self] in
            self?.sweep()
        }
    }

    func stopSweeper() {
        sweeper?.cancel()
        sweeper = nil
    }

    /// Graceful phase: idle connections close now, busy ones after their current response.
    func beginShutdown() {
        shuttingDown = true
        for connection in Array(connections.values) {
            connection.beginShutdown()
        }
    }

    /// End of the grace period: close whatever is left.
    func closeAll() {
        for connection in Array(connections.values) {
            connection.close()
        }
    }

    private func sweep() {
        guard !connections.isEmpty else { return }
        let now = monotonicNanoseconds()
        for connection in Array(connections.values) {
            connection.checkTimeouts(now: now)
        }
    }
}
