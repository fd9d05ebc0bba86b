// An instant on the simulated clock, in whole milliseconds since the Unix epoch. Integer
// milliseconds keep arithmetic exact, so a snapshot written and read back is identical.

public struct SimTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var milliseconds: Int64

    public init(milliseconds: Int64) {
        self.milliseconds = milliseconds
    }

    public init(seconds: Double) {
        self.milliseconds = Self.saturatingMilliseconds(seconds)
    }

    /// The latest instant; arithmetic saturates here instead of trapping.
    public static let distantFuture = SimTime(milliseconds: .max)

    /// Seconds as whole milliseconds, clamped to Int64 (a huge or infinite duration must not trap).
    static func saturatingMilliseconds(_ seconds: Double) -> Int64 {
        let millis = (seconds * 1000).rounded()
        guard !millis.isNaN else { return 0 }
        if millis >= 9.2e18 { return .max }
        if millis <= -9.2e18 { return .min }
        return Int64(millis)
    }

    public var seconds: Double { Double(milliseconds) / 1000 }

    public static func < (a: SimTime, b: SimTime) -> Bool { a.milliseconds < b.milliseconds }

    public func adding(seconds: Double) -> SimTime {
        let (sum, overflow) = milliseconds.addingReportingOverflow(Self.saturatingMilliseconds(seconds))
        guard overflow else { return SimTime(milliseconds: sum) }
        return SimTime(milliseconds: seconds > 0 ? .max : .min)
    }

    /// Seconds from `self` to `later` (negative when `later` is earlier).
    public func seconds(until later: SimTime) -> Double {
        Double(later.milliseconds - milliseconds) / 1000
    }

    /// The last instant RFC 3339 can write (four-digit years): the simulated clock stops here.
    public static let latestSupported = SimTime(milliseconds: 253_402_300_799_999)  // 9999-12-31T23:59:59.999Z

    /// The calendar fields of the instant in UTC, for any instant (no traps at the extremes).
    public struct Components: Sendable, Equatable {
        public var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, millisecond: Int
        /// 0 = Sunday … 6 = Saturday.
        public var weekday: Int
    }

    public var components: Components {
        // Floor division (towards the past) without intermediate values that could overflow.
        let (totalSeconds, millis) = Self.floorDivide(milliseconds, 1000)
        let (days, secondOfDay) = Self.floorDivide(totalSeconds, 86_400)
        let (year, month, day) = CivilDate.fromDaysSinceEpoch(days)
        let weekday = Int(Self.floorDivide(days + 4, 7).1)  // 1970-01-01 was a Thursday
        return Components(year: year, month: month, day: day, hour: secondOfDay / 3600, minute: secondOfDay / 60 % 60,
                          second: secondOfDay % 60, millisecond: millis, weekday: weekday)
    }

    /// RFC 3339 in UTC, with the fraction trimmed as Go's RFC3339Nano does: "2026-12-03T17:46:41Z",
    /// "2026-12-03T17:46:41.25Z".
    public var rfc3339: String {
        let c = components
        // Written digit by digit: this runs for every timestamp of every response.
        if (0...9999).contains(c.year) {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(24)
            func digits(_ value: Int, _ width: Int) {
                var divisor = 1
                for _ in 1..<width { divisor *= 10 }
                while divisor > 0 {
                    bytes.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
                    divisor /= 10
                }
            }
            digits(c.year, 4); bytes.append(UInt8(ascii: "-")); digits(c.month, 2); bytes.append(UInt8(ascii: "-"))
            digits(c.day, 2); bytes.append(UInt8(ascii: "T")); digits(c.hour, 2); bytes.append(UInt8(ascii: ":"))
            digits(c.minute, 2); bytes.append(UInt8(ascii: ":")); digits(c.second, 2)
            if c.millisecond > 0 {
                bytes.append(UInt8(ascii: "."))
                digits(c.millisecond, 3)
                while bytes.last == UInt8(ascii: "0") { bytes.removeLast() }
            }
            bytes.append(UInt8(ascii: "Z"))
            return String(decoding: bytes, as: UTF8.self)
        }
        var text = pad(c.year, 4) + "-" + pad(c.month, 2) + "-" + pad(c.day, 2) + "T"
            + pad(c.hour, 2) + ":" + pad(c.minute, 2) + ":" + pad(c.second, 2)
        if c.millisecond > 0 {
            var fraction = pad(c.millisecond, 3)
            while fraction.hasSuffix("0") { fraction.removeLast() }
            text += "." + fraction
        }
        return text + "Z"
    }

    public var description: String { rfc3339 }

    /// Quotient rounded down and a remainder in 0..<divisor.
    static func floorDivide(_ value: Int64, _ divisor: Int64) -> (Int64, Int) {
        let (quotient, remainder) = value.quotientAndRemainder(dividingBy: divisor)
        return remainder < 0 ? (quotient - 1, Int(remainder + divisor)) : (quotient, Int(remainder))
    }

    /// Parses RFC 3339 ("2026-12-03T17:46:41Z", "...41.123Z", "...41+02:00"). Sub-millisecond digits
    /// are dropped.
    public init?(rfc3339 text: String) {
        let b = Array(text.utf8)
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= b.count else { return nil }
            var value = 0
            for i in from..<(from + count) {
                guard b[i] >= 48, b[i] <= 57 else { return nil }
                value = value * 10 + Int(b[i] - 48)
            }
            return value
        }
        guard b.count >= 20, b[4] == 45, b[7] == 45, b[10] == 84 || b[10] == 116, b[13] == 58, b[16] == 58,
              let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
              let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
              (1...12).contains(month), (1...CivilDate.daysIn(month: month, year: year)).contains(day),
              hour < 24, minute < 60, second < 60
        else { return nil }
        var index = 19
        var millis = 0
        if index < b.count, b[index] == 46 {  // '.'
            index += 1
            var digits = 0
            while index < b.count, b[index] >= 48, b[index] <= 57 {
                if digits < 3 { millis = millis * 10 + Int(b[index] - 48) }
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<max(digits, 3) { millis *= 10 }
        }
        var offsetSeconds = 0
        guard index < b.count else { return nil }
        if b[index] == 90 || b[index] == 122 {  // Z
            index += 1
        } else if b[index] == 43 || b[index] == 45, let oh = number(index + 1, 2), b.count > index + 3,
                  b[index + 3] == 58, let om = number(index + 4, 2), oh < 24, om < 60 {
            offsetSeconds = (oh * 3600 + om * 60) * (b[index] == 43 ? 1 : -1)
            index += 6
        } else {
            return nil
        }
        guard index == b.count else { return nil }
        let days = CivilDate.daysSinceEpoch(year: year, month: month, day: day)
        let seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second - offsetSeconds)
        self.milliseconds = seconds * 1000 + Int64(millis)
    }
}

private func pad(_ value: Int, _ width: Int) -> String {
    let digits = String(value)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
}

/// Proleptic Gregorian calendar arithmetic on day counts (days since 1970-01-01).
enum CivilDate {
    static func fromDaysSinceEpoch(_ days: Int64) -> (year: Int, month: Int, day: Int) {
        // Shift the epoch to 0000-03-01 so leap days fall at the end of each 400-year era.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(day))
    }

    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let m = Int64(month)
        let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
