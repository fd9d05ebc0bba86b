import Dispatch
import Glibc

/// One of the server's fixed set of serial queues, with the connections confined to it.
///
/// `@unchecked Sendable`: `connections`, `sweeper` and `shuttingDown` are touched only on
/// `queue`; `scratch` is only used by code running on `queue`. The other fields are immutable.
final class Worker: @unchecked Sendable {
    let queue: DispatchQueue
    /// Read buffer shared by all connections of this queue (they never run concurrently).
    let scratch: UnsafeMutableRawBufferPointer
    /// gzip streams shared by this queue's connections (they never run concurrently).
    let gzip = GzipCodec()
    private(set) var connections: [ObjectIdentifier: Connection] = [:]
    private var sweeper: TimeoutSweeper?
    private(set) var shuttingDown = false

    static let scratchSize = 64 * 1024

    init(index: Int) {
        queue = DispatchQueue(label: "mockhttp.worker.\(index)", qos: .userInitiated)
        scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.scratchSize, alignment: 16)
    }

    deinit {
        scratch.deallocate()
    }

    // Everything below runs on `queue`.

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
        connections[ObjectIdentifier(connection)] = connection
        connection.start(shuttingDown: shuttingDown)
    }

    func remove(_ connection: Connection) {
        connections[ObjectIdentifier(connection)] = nil
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
