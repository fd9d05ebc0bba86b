import Dispatch
import Glibc
import Synchronization

/// The listening socket and its accept loop, driven by a Dispatch read source on a private
/// serial queue. Accepted descriptors are handed to `onAccept` (which spreads them over the
/// worker queues).
///
/// `@unchecked Sendable`: the mutable fields are touched only on `queue`; `stopping` is atomic.
final class Listener: @unchecked Sendable {
    let fileDescriptor: Int32
    private let queue = DispatchQueue(label: "mockhttp.listener", qos: .userInitiated)
    private let onAccept: (Int32, String) -> Void
    private let onPause: () -> Void
    private let onEvent: (@Sendable (String) -> Void)?
    private let faultInjector: (@Sendable () -> Int32?)?
    private var source: DispatchSourceRead?
    private var paused = false
    private var stopped = false
    /// Set by `stop()` from any thread, before the queue learns about it.
    private let stopping = Atomic<Bool>(false)

    /// How long accepting pauses after EMFILE/ENFILE before trying again.
    static let backoff: DispatchTimeInterval = .milliseconds(100)

    init(fileDescriptor: Int32, configuration: HTTPServerConfiguration,
         onAccept: @escaping (Int32, String) -> Void, onPause: @escaping () -> Void) {
        self.fileDescriptor = fileDescriptor
        self.onAccept = onAccept
        self.onPause = onPause
        self.onEvent = configuration.onEvent
        self.faultInjector = configuration.acceptFaultInjector
    }

    func start(onClosed: @escaping @Sendable () -> Void) {
        queue.sync {
            let source = DispatchSource.makeReadSource(fileDescriptor: fileDescriptor, queue: queue)
            source.setEventHandler { [weak self] in self?.acceptAvailable() }
            let fd = fileDescriptor
            // The descriptor is closed only once Dispatch has stopped watching it.
            source.setCancelHandler {
                _ = Glibc.close(fd)
                onClosed()
            }
            self.source = source
            source.activate()
            // Stopped before it started (a SIGTERM during startup): stop() found no source to
            // cancel, so cancel it here, or the shutdown would wait for a close that never comes.
            if stopping.load(ordering: .acquiring) {
                stopped = true
                source.cancel()
            }
        }
    }

    /// Stops accepting, from any thread, without waiting for the listener queue (so it is safe
    /// even from an `onEvent` callback). Connections the kernel completed before this call are
    /// clients that already reached us, so they are taken in first and their requests answered;
    /// then `shutdown` on the listening socket makes the kernel refuse anything newer. The
    /// descriptor itself is closed later in the source's cancel handler, so its number cannot be
    /// reused while Dispatch still watches it.
    func stop() {
        guard !stopping.exchange(true, ordering: .acquiringAndReleasing) else { return }
        drainBacklog()
        _ = Glibc.shutdown(fileDescriptor, Int32(SHUT_RDWR))
        queue.async { [self] in
            // Without a source yet, start() sees `stopping` and cancels the one it makes.
            guard !stopped, let source else { return }
            stopped = true
            if paused {
                paused = false
                source.resume()
            }
            source.cancel()
        }
    }

    /// Accepts whatever is already queued. accept4 is safe alongside the listener queue's own
    /// accepts: each pending connection goes to exactly one caller.
    private func drainBacklog() {
        while case .accepted(let fd, let address) = acceptOne(injectFaults: false) {
            onAccept(fd, address)
        }
    }

    private enum AcceptResult {
        case accepted(Int32, String)
        case failed(Int32)
    }

    private func acceptOne(injectFaults: Bool) -> AcceptResult {
        while true {
            if injectFaults, let injected = faultInjector?() { return .failed(injected) }
            var storage = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let fd = withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Socket.acceptNonBlocking(fileDescriptor, $0, &length)
                }
            }
            if fd >= 0 {
                Socket.setNoDelay(fd)
                return .accepted(fd, Socket.addressText(&storage))
            }
            let code = errno
            switch code {
            case EINTR, ECONNABORTED, EPROTO: continue
            default: return .failed(code)
            }
        }
    }

    private func acceptAvailable() {
        guard !stopped, !paused, !stopping.load(ordering: .acquiring) else { return }
        while true {
            switch acceptOne(injectFaults: true) {
            case .accepted(let fd, let address):
                onAccept(fd, address)
            case .failed(EAGAIN), .failed(EWOULDBLOCK):
                return
            case .failed(let code) where code == EMFILE || code == ENFILE || code == ENOBUFS || code == ENOMEM:
                pauseAccepting(code)
                return
            case .failed(let code):
                if !stopping.load(ordering: .acquiring) {  // EINVAL is expected once stop() shut the socket
                    onEvent?("accept failed: \(Socket.errorText(code))")
                }
                return
            }
        }
    }

    /// Out of descriptors: the pending connection stays in the backlog, so a level-triggered
    /// source would fire again immediately. Suspend it and retry after a short back-off.
    private func pauseAccepting(_ code: Int32) {
        guard let source, !paused else { return }
        paused = true
        source.suspend()
        onPause()
        onEvent?("accept: \(Socket.errorText(code)); pausing accepts for 100 ms")
        queue.asyncAfter(deadline: .now() + Self.backoff) { [weak self] in
            guard let self, self.paused, !self.stopped, let source = self.source else { return }
            self.paused = false
            source.resume()
            self.acceptAvailable()
        }
    }
}
