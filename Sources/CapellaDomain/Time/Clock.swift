// The simulated clock: the only thing in capella-mock that reads the time. Every cluster state
// change is a deadline on this clock, so moving it forward (or freezing it) makes runs repeatable.

#if canImport(Glibc)
import Glibc
#endif
import Synchronization

public protocol SimClock: AnyObject, Sendable {
    /// The current simulated instant.
    func now() -> SimTime
    /// Moves simulated time forward by `seconds` (≥ 0) and returns the new instant.
    @discardableResult func advance(by seconds: Double) -> SimTime
    /// Simulated seconds per real second; 0 means frozen.
    var timeScale: Double { get }
    /// Puts the clock at `instant` (forwards or backwards): restoring a snapshot restores its time.
    func set(to instant: SimTime)
}

extension SimClock {
    /// Real seconds until the simulated instant `deadline`, or nil when the clock is frozen and
    /// only an explicit advance can reach it.
    public func realSeconds(until deadline: SimTime) -> Double? {
        let scale = timeScale
        guard scale > 0 else { return nil }
        return max(0, now().seconds(until: deadline) / scale)
    }
}

/// Simulated time that runs at `timeScale` × real time from a starting instant.
public final class ScaledClock: SimClock {
    private struct Anchor {
        var simulated: SimTime
        var monotonicNanos: UInt64
    }

    public let timeScale: Double
    private let anchor: Mutex<Anchor>

    /// - Parameters:
    ///   - start: the simulated instant at creation; nil starts at the system's real time.
    ///   - timeScale: simulated seconds per real second (0 = frozen).
    public init(start: SimTime? = nil, timeScale: Double) {
        precondition(timeScale >= 0 && timeScale.isFinite, "time scale must be finite and not negative")
        self.timeScale = timeScale
        self.anchor = Mutex(Anchor(simulated: start ?? Self.systemTime(), monotonicNanos: Self.monotonicNanos()))
    }

    public func now() -> SimTime {
        anchor.withLock { Self.current($0, scale: timeScale) }
    }

    /// Simulated time never passes SimTime.latestSupported (the year 9999).
    @discardableResult
    public func advance(by seconds: Double) -> SimTime {
        anchor.withLock { anchor in
            let moved = min(Self.current(anchor, scale: timeScale).adding(seconds: max(0, seconds)), .latestSupported)
            anchor = Anchor(simulated: moved, monotonicNanos: Self.monotonicNanos())
            return moved
        }
    }

    public func set(to instant: SimTime) {
        anchor.withLock { $0 = Anchor(simulated: min(instant, .latestSupported), monotonicNanos: Self.monotonicNanos()) }
    }

    private static func current(_ anchor: Anchor, scale: Double) -> SimTime {
        guard scale > 0 else { return anchor.simulated }
        let elapsedReal = Double(monotonicNanos() &- anchor.monotonicNanos) / 1e9
        return min(anchor.simulated.adding(seconds: elapsedReal * scale), .latestSupported)
    }

    private static func monotonicNanos() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    /// Read once, at start, so timestamps look current.
    private static func systemTime() -> SimTime {
        SystemTime.now()
    }
}

/// The real time of day, for what is not part of the simulation: log line stamps.
public enum SystemTime {
    public static func now() -> SimTime {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return SimTime(milliseconds: Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000)
    }
}

/// A clock that moves only when told to: for unit tests of the domain rules.
public final class ManualClock: SimClock {
    private let current: Mutex<SimTime>
    public var timeScale: Double { 0 }

    public init(start: SimTime = SimTime(milliseconds: 1_767_225_600_000)) {  // 2026-01-01T00:00:00Z
        self.current = Mutex(start)
    }

    public func now() -> SimTime { current.withLock { $0 } }

    public func set(to instant: SimTime) {
        current.withLock { $0 = min(instant, .latestSupported) }
    }

    @discardableResult
    public func advance(by seconds: Double) -> SimTime {
        current.withLock { now in
            now = min(now.adding(seconds: max(0, seconds)), .latestSupported)
            return now
        }
    }
}
