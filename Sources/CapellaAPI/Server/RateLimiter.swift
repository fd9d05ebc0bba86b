// Requests per minute per API key, as Capella limits them (it allows 100). Each key has its own
// fixed window: it opens with the key's first request and lasts 60 simulated seconds; past the
// limit the answer is 429 with Retry-After, the whole seconds until the window frees. One key's
// traffic never limits another's. Refused requests do not count.

import CapellaDomain
import Synchronization

final class RateLimiter: Sendable {
    static let windowSeconds = 60.0

    private struct Window {
        var opened: SimTime
        var count: Int
    }

    /// Requests allowed per window; 0 turns limiting off.
    let limit: Int
    private let windows = Mutex<[String: Window]>([:])

    init(limit: Int) {
        self.limit = limit
    }

    /// Counts the request, or returns the Retry-After seconds when the key is over its limit.
    func admit(keyID: String, at now: SimTime) -> Int? {
        guard limit > 0 else { return nil }
        return windows.withLock { windows -> Int? in
            if var window = windows[keyID], now < window.opened.adding(seconds: Self.windowSeconds) {
                guard window.count < limit else {
                    let remaining = now.seconds(until: window.opened.adding(seconds: Self.windowSeconds))
                    return max(1, Int(remaining.rounded(.up)))
                }
                window.count += 1
                windows[keyID] = window
                return nil
            }
            if windows.count >= 10_000 {
                // Forget windows that have closed, so deleted or idle keys cannot pile up.
                windows = windows.filter { now < $0.value.opened.adding(seconds: Self.windowSeconds) }
            }
            windows[keyID] = Window(opened: now, count: 1)
            return nil
        }
    }

    func reset() {
        windows.withLock { $0.removeAll() }
    }
}
