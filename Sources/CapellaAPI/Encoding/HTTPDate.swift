// The Date header (RFC 9110 IMF-fixdate), from the simulated clock like every other time.

import CapellaDomain
import Synchronization

enum HTTPDate {
    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The last second formatted: every response carries a Date, and most share their second.
    private static let lastFormatted = Mutex<(second: Int64, text: String)?>(nil)

    /// "Thu, 03 Dec 2026 17:46:41 GMT", built from calendar fields so any year formats.
    static func format(_ time: SimTime) -> String {
        let (quotient, remainder) = time.milliseconds.quotientAndRemainder(dividingBy: 1000)
        let second = remainder < 0 ? quotient - 1 : quotient
        if let last = lastFormatted.withLock({ $0 }), last.second == second { return last.text }
        let text = formatUncached(time)
        lastFormatted.withLock { $0 = (second, text) }
        return text
    }

    private static func formatUncached(_ time: SimTime) -> String {
        let c = time.components
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
        return "\(weekdays[c.weekday]), \(two(c.day)) \(months[c.month - 1]) \(c.year) \(two(c.hour)):\(two(c.minute)):\(two(c.second)) GMT"
    }
}
