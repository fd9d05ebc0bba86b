import CEpoll
import Dispatch
import Glibc

/// One worker's view of which of its connections can read or write: an edge-triggered epoll
/// set holding every connection descriptor of the worker, watched by a single Dispatch read
/// source on the worker's queue.
///
/// Why not a Dispatch source per connection: on Linux every event of such a source is re-armed
/// through libdispatch's manager thread (two epoll_ctl calls, an eventfd write and a thread
/// wake-up per request, measured with strace and perf), which cost about a third of the CPU
/// under load. Here that round trip is paid once per batch of ready connections, and each
/// connection costs one epoll_ctl when it opens and one when it closes.
///
/// Edge-triggered: a descriptor is reported when it becomes readable or writable, so a
/// connection reads until a short read or EAGAIN, and retries by itself when it resumes reading
/// after a pause. Descriptors leave the set (EPOLL_CTL_DEL) before they are closed, so a
/// number reused by the kernel is never confused with the old connection.
///
/// Confined to the worker's queue, apart from `init`.
final class ReadinessSet {
    struct Readiness {
        let bits: UInt32
        var readable: Bool { bits & (EPOLLIN.rawValue | EPOLLRDHUP.rawValue | EPOLLHUP.rawValue | EPOLLERR.rawValue) != 0 }
        var writable: Bool { bits & (EPOLLOUT.rawValue | EPOLLHUP.rawValue | EPOLLERR.rawValue) != 0 }
        /// The peer closed its sending side, or the connection is gone.
        var peerHungUp: Bool { bits & (EPOLLRDHUP.rawValue | EPOLLHUP.rawValue | EPOLLERR.rawValue) != 0 }
    }

    private let epollDescriptor: Int32
    private var source: DispatchSourceRead?
    private let events: UnsafeMutablePointer<epoll_event>
    private static let batchSize = 256
    private static let maxRounds = 16

    /// nil when the kernel refuses an epoll instance (out of descriptors).
    init?() {
        let descriptor = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard descriptor >= 0 else { return nil }
        epollDescriptor = descriptor
        events = .allocate(capacity: Self.batchSize)
    }

    deinit {
        events.deallocate()
    }

    /// Starts delivering readiness to `deliver(descriptor, readiness)` on `queue`.
    func start(queue: DispatchQueue, deliver: @escaping (Int32, Readiness) -> Void) {
        let source = DispatchSource.makeReadSource(fileDescriptor: epollDescriptor, queue: queue)
        source.setEventHandler { [weak self] in self?.drain(deliver) }
        let descriptor = epollDescriptor
        // Closed only once Dispatch has stopped watching it.
        source.setCancelHandler { _ = Glibc.close(descriptor) }
        self.source = source
        source.activate()
    }

    /// Stops watching; the epoll descriptor is closed once Dispatch lets go of it. Without a
    /// `start` it is closed at once.
    func cancel() {
        if let source {
            source.cancel()
            self.source = nil
        } else {
            _ = Glibc.close(epollDescriptor)
        }
    }

    /// Adds a descriptor for both directions; false when the kernel refuses (ENOMEM, ENOSPC).
    func watch(_ descriptor: Int32) -> Bool {
        var event = epoll_event()
        event.events = EPOLLIN.rawValue | EPOLLOUT.rawValue | EPOLLRDHUP.rawValue | EPOLLET.rawValue
        event.data.fd = descriptor
        return epoll_ctl(epollDescriptor, EPOLL_CTL_ADD, descriptor, &event) == 0
    }

    /// Removes a descriptor; call before closing it.
    func unwatch(_ descriptor: Int32) {
        var event = epoll_event()
        _ = epoll_ctl(epollDescriptor, EPOLL_CTL_DEL, descriptor, &event)
    }

    /// Everything ready now, in rounds while rounds find work: under load the next requests
    /// arrive while one round is answered, and fetching them here saves going back through
    /// Dispatch for each. Bounded, so timers and other work on the queue still get their turn;
    /// Dispatch calls again when more arrives later.
    private func drain(_ deliver: (Int32, Readiness) -> Void) {
        for _ in 0..<Self.maxRounds {
            let count = epoll_wait(epollDescriptor, events, Int32(Self.batchSize), 0)
            guard count > 0 else { return }
            for index in 0..<Int(count) {
                deliver(events[index].data.fd, Readiness(bits: events[index].events))
            }
        }
    }
}
