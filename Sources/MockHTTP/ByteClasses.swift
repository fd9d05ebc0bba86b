// Byte classification and ASCII helpers shared by the parsers and the serializer.

enum ASCII {
    static let cr: UInt8 = 0x0D
    static let lf: UInt8 = 0x0A
    static let space: UInt8 = 0x20
    static let tab: UInt8 = 0x09
    static let colon: UInt8 = 0x3A
    static let comma: UInt8 = 0x2C
    static let semicolon: UInt8 = 0x3B

    /// RFC 9110 tchar: the characters of methods, header names and coding names.
    @inline(__always)
    static func isTokenChar(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
             UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
             UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    /// Visible characters and obs-text allowed inside a field value (whitespace handled apart).
    @inline(__always)
    static func isFieldValueChar(_ b: UInt8) -> Bool {
        (b > 0x20 && b != 0x7F)
    }

    @inline(__always)
    static func isWhitespace(_ b: UInt8) -> Bool { b == space || b == tab }

    @inline(__always)
    static func hexValue(_ b: UInt8) -> Int? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(b &- UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return Int(b &- UInt8(ascii: "a") &+ 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return Int(b &- UInt8(ascii: "A") &+ 10)
        default: return nil
        }
    }

    /// Compares `bytes[range]` with a lowercase ASCII literal, ignoring the case of letters.
    /// Only valid for literals made of lowercase letters, digits and '-' (all we need).
    @inline(__always)
    static func equalsLowercase(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ literal: StaticString) -> Bool {
        guard range.count == literal.utf8CodeUnitCount else { return false }
        let lit = literal.utf8Start
        var i = 0
        for index in range {
            let b = bytes[index]
            let l = lit[i]
            if b != l && (b | 0x20) != l { return false }
            i += 1
        }
        return true
    }

    /// Same comparison for a String (used on handler-supplied response header names).
    @inline(__always)
    static func equalsLowercase(_ string: String, _ literal: StaticString) -> Bool {
        let utf8 = string.utf8
        guard utf8.count == literal.utf8CodeUnitCount else { return false }
        let lit = literal.utf8Start
        var i = 0
        for b in utf8 {
            let l = lit[i]
            if b != l && (b | 0x20) != l { return false }
            i += 1
        }
        return true
    }

    /// Calls `body` with each element separated by `separator` (a comma unless told: a list;
    /// a semicolon splits an element's parameters), optional whitespace trimmed.
    /// Empty elements (",,") are passed as empty ranges.
    static func forEachListElement(_ bytes: UnsafeBufferPointer<UInt8>, _ value: Range<Int>, separator: UInt8 = ASCII.comma,
                                   _ body: (Range<Int>) -> Void) {
        guard !value.isEmpty else { return }
        var start = value.lowerBound
        var i = start
        while i <= value.upperBound {
            if i == value.upperBound || bytes[i] == separator {
                var s = start, e = i
                while s < e && ASCII.isWhitespace(bytes[s]) { s += 1 }
                while e > s && ASCII.isWhitespace(bytes[e - 1]) { e -= 1 }
                body(s..<e)
                start = i + 1
            }
            i += 1
        }
    }
}
