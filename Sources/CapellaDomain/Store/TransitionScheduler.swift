// One Dispatch timer that wakes the store when the next transition is due in real time.
//
// @unchecked Sendable: the only stored state is a DispatchSourceTimer, whose schedule and cancel
// calls libdispatch makes safe from any thread.

import Dispatch

final class TransitionScheduler: @unchecked Sendable {
    private let timer: DispatchSourceTimer

    init() {
        timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "capella-mock.transitions"))
        timer.schedule(deadline: .distantFuture)
    }

    /// Installs what runs when the timer fires and starts the timer (once).
    func start(_ fire: @escaping @Sendable () -> Void) {
        timer.setEventHandler(handler: fire)
        timer.resume()
    }

    /// Replaces any pending wake-up with one `seconds` from now.
    func schedule(afterSeconds seconds: Double) {
        // A millisecond of slack past the deadline, so the clock has certainly reached it.
        let nanos = Int(min(seconds, 86_400 * 365) * 1e9) + 1_000_000
        timer.schedule(deadline: .now() + .nanoseconds(nanos), leeway: .milliseconds(1))
    }

    func cancel() {
        timer.schedule(deadline: .distantFuture)
    }

    deinit {
        timer.cancel()
    }
}
