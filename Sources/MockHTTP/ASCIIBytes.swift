// Writing ASCII text straight into a byte buffer: literals and decimal integers, without a
// String in between. The response head and the body writers above MockHTTP (list pages) share it.

public enum ASCIIBytes {
    /// A literal's bytes as they are (no escaping: only for literals that need none).
    @inline(__always)
    public static func append(_ literal: StaticString, to out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    /// `value` in decimal, with a '-' when negative (Int.min included).
    public static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        // magnitude: Int.min has no positive Int.
        appendDecimal(value.magnitude, to: &out)
    }

    private static func appendDecimal(_ value: UInt, to out: inout [UInt8]) {
        if value < 10 {
            out.append(UInt8(truncatingIfNeeded: value) + UInt8(ascii: "0"))
            return
        }
        // UInt.max has 20 digits; they are written from the right.
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var remaining = value
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            while remaining > 0 {
                buffer[19 - count] = UInt8(truncatingIfNeeded: remaining % 10) + UInt8(ascii: "0")
                remaining /= 10
                count += 1
            }
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[(20 - count)...]))
        }
    }
}
