import Dispatch
import Glibc
import Synchronization

/// The shared, thread-safe heart of a server: configuration, handler, worker queues, and the
/// connection registry / lifecycle behind a Mutex. Connections refer to this, not to the public
/// `HTTPServer`.
final class ServerCore: Sendable {
    enum Phase: Sendable { case idle, running, shuttingDown, stopped }

    struct State: ~Copyable {
        var phase: Phase = .idle
        var port = 0
        var connectionCount = 0
        var listener: Listener?
        var listenerClosed = false
        var nextWorker = 0
        var completions: [@Sendable () -> Void] = []
    }

    let configuration: HTTPServerConfiguration
    let handler: any HTTPHandler
    let workers: [Worker]
    let state = Mutex(State())

    /// Times a response write hit EAGAIN (observability for tests).
    let writeStalls = Atomic<Int>(0)
    /// Times accepting paused for lack of descriptors.
    let acceptPauses = Atomic<Int>(0)

    init(configuration: HTTPServerConfiguration, handler: any HTTPHandler) {
        self.configuration = configuration
        self.handler = handler
        workers = (0..<max(1, configuration.queueCount)).map { Worker(index: $0) }
    }

    func start() throws(HTTPServerError) -> Int {
        _ = Socket.ignoreSIGPIPE
        guard state.withLockVisibleToTSan(self, { $0.phase == .idle }) else { throw .notStartable }
        let (fd, port) = try Socket.makeListener(host: configuration.host, port: configuration.port,
                                                 backlog: configuration.backlog)
        for worker in workers {
            if let code = worker.queue.sync(execute: { worker.startEvents() }) {
                stopEvents()
                _ = Glibc.close(fd)
                throw .socketFailed(reason: "cannot create an epoll instance: \(Socket.errorText(code))")
            }
        }
        let listener = Listener(fileDescriptor: fd, configuration: configuration, onAccept: { [weak self] fd, address in
            guard let self else { _ = Glibc.close(fd); return }
            self.adopt(fileDescriptor: fd, remoteAddress: address)
        }, onPause: { [weak self] in
            self?.acceptPauses.add(1, ordering: .relaxed)
        })
        let started = state.withLockVisibleToTSan(self) { s -> Bool in
            guard s.phase == .idle else { return false }
            s.phase = .running
            s.port = port
            s.listener = listener
            return true
        }
        guard started else {
            stopEvents()
            _ = Glibc.close(fd)
            throw .notStartable
        }
        let interval = TimeoutSweeper.interval(for: configuration)
        for worker in workers {
            worker.queue.async { worker.startSweeper(interval: interval) }
        }
        listener.start { [weak self] in self?.listenerDidClose() }
        return port
    }

    /// Registers an accepted descriptor with the next worker queue (round robin), or closes it
    /// once the server has stopped. During shutdown the listener still hands over the backlog
    /// it drains; those connections are served like in-flight ones. The hand-off is enqueued
    /// under the lock so that it is always ordered before a shutdown broadcast to the same queue.
    private func adopt(fileDescriptor fd: Int32, remoteAddress: String) {
        let accepted = state.withLockVisibleToTSan(self) { s -> Bool in
            guard s.phase == .running || (s.phase == .shuttingDown && !s.listenerClosed) else { return false }
            s.connectionCount += 1
            let worker = workers[s.nextWorker]
            s.nextWorker = (s.nextWorker + 1) % workers.count
            worker.queue.async { [self] in
                worker.open(fileDescriptor: fd, remoteAddress: remoteAddress, core: self)
            }
            return true
        }
        if !accepted { _ = Glibc.close(fd) }
    }

    private func stopEvents() {
        for worker in workers {
            worker.queue.sync { worker.stopEvents() }
        }
    }

    var connectionCount: Int {
        state.withLockVisibleToTSan(self) { $0.connectionCount }
    }

    var port: Int {
        state.withLockVisibleToTSan(self) { $0.port }
    }

    /// Called once per connection after its descriptor is closed.
    func connectionDidClose() {
        let finished = state.withLockVisibleToTSan(self) { s -> [@Sendable () -> Void]? in
            s.connectionCount -= 1
            return Self.takeCompletionsIfDone(&s)
        }
        if let finished { finish(finished) }
    }

    private func listenerDidClose() {
        let finished = state.withLockVisibleToTSan(self) { s -> [@Sendable () -> Void]? in
            s.listenerClosed = true
            return Self.takeCompletionsIfDone(&s)
        }
        if let finished { finish(finished) }
    }

    private static func takeCompletionsIfDone(_ s: inout State) -> [@Sendable () -> Void]? {
        guard s.phase == .shuttingDown, s.listenerClosed, s.connectionCount == 0 else { return nil }
        s.phase = .stopped
        let completions = s.completions
        s.completions = []
        return completions
    }

    private func finish(_ completions: [@Sendable () -> Void]) {
        for worker in workers {
            worker.queue.async {
                worker.stopSweeper()
                worker.stopEvents()
            }
        }
        for completion in completions { completion() }
    }

    func shutdown(completion: @escaping @Sendable () -> Void) {
        enum Step { case callNow, wait, begin(Listener?) }
        let step = state.withLockVisibleToTSan(self) { s -> Step in
            switch s.phase {
            case .idle:
                s.phase = .stopped
                return .callNow
            case .stopped:
                return .callNow
            case .shuttingDown:
                s.completions.append(completion)
                return .wait
            case .running:
                s.phase = .shuttingDown
                s.completions.append(completion)
                return .begin(s.listener)
            }
        }
        switch step {
        case .callNow:
            completion()
        case .wait:
            break
        case .begin(let listener):
            listener?.stop()
            for worker in workers {
                worker.queue.async { worker.beginShutdown() }
            }
            let grace = DispatchTimeInterval.nanoseconds(Int(max(configuration.shutdownGrace, 0) * 1_000_000_000))
            DispatchQueue.global().asyncAfter(deadline: .now() + grace) { [weak self] in
                guard let self else { return }
                for worker in self.workers {
                    worker.queue.async { worker.closeAll() }
                }
            }
        }
    }
}
