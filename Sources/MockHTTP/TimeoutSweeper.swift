import Dispatch

/// One repeating timer per worker queue (never one per connection). Each tick walks that
/// queue's connections and lets each one check its idle/head/write/linger deadlines.
final class TimeoutSweeper {
    private let timer: DispatchSourceTimer

    /// The timer fires on `queue`, so `tick` runs confined to it like the connections do.
    init(queue: DispatchQueue, interval: Double, tick: @escaping () -> Void) {
        let nanos = Int(max(interval, 0.001) * 1_000_000_000)
        timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + .nanoseconds(nanos), repeating: .nanoseconds(nanos),
                       leeway: .nanoseconds(nanos / 10))
        timer.setEventHandler(handler: tick)
        timer.activate()
    }

    func cancel() {
        timer.cancel()
    }

    /// A quarter of the shortest deadline, kept between 10 ms and 1 s: a deadline is noticed at
    /// most ~25% late while an idle server wakes each queue at most once a second.
    static func interval(for configuration: HTTPServerConfiguration) -> Double {
        let shortest = min(configuration.idleTimeout, configuration.headTimeout)
        return min(max(shortest / 4, 0.01), 1.0)
    }
}

/// Monotonic nanoseconds (CLOCK_MONOTONIC through Dispatch); never wall-clock time.
@inline(__always)
func monotonicNanoseconds() -> UInt64 {
    DispatchTime.now().uptimeNanoseconds
}
