// The Date header (RFC 9110 IMF-fixdate), from the simulated clock like every other time.

import CapellaDomain

enum HTTPDate {
    private static let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]  // 1970-01-01 was a Thursday
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func format(_ time: SimTime) -> String {
        // "2026-12-03T17:46:41Z" → pieces; the RFC 3339 form already did the calendar work.
        let text = Array(SimTime(milliseconds: time.milliseconds - ((time.milliseconds % 1000) + 1000) % 1000).rfc3339.utf8)
        func part(_ from: Int, _ count: Int) -> String { String(decoding: text[from..<(from + count)], as: UTF8.self) }
        let seconds = time.milliseconds >= 0 ? time.milliseconds / 1000 : (time.milliseconds - 999) / 1000
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let weekday = weekdays[Int(((days % 7) + 7) % 7)]
        let month = months[Int(part(5, 2))! - 1]
        return "\(weekday), \(part(8, 2)) \(month) \(part(0, 4)) \(part(11, 8)) GMT"
    }
}
