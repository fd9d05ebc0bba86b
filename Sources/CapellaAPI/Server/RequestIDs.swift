// Request ids for X-Request-Id and the log: unique within the process and shaped like a UUID,
// without asking the system for randomness on every request (UUID() reads /dev/urandom each
// time, four system calls per request). A random prefix, drawn once, keeps ids from different
// runs apart.

import Synchronization

final class RequestIDs: Sendable {
    private let prefix: String
    private let counter = Atomic<UInt64>(0)

    init() {
        var generator = SystemRandomNumberGenerator()
        let high = generator.next() as UInt64
        let hex = String(high, radix: 16).leftPadded(to: 16)
        prefix = "\(hex.prefix(8))-\(hex.dropFirst(8).prefix(4))-4\(hex.dropFirst(13).prefix(3))-8"
    }

    /// "xxxxxxxx-xxxx-4xxx-8nnn-nnnnnnnnnnnn", the last 15 hex digits counting up.
    func next() -> String {
        let n = counter.add(1, ordering: .relaxed).newValue
        var prefix = prefix
        // Written in place, digit by digit: one id per request.
        return prefix.withUTF8 { head in
            String(unsafeUninitializedCapacity: 36) { text in
                _ = text.initialize(from: head)
                var at = head.count
                for position in (0..<15).reversed() {
                    if position == 11 {
                        text[at] = UInt8(ascii: "-")
                        at += 1
                    }
                    text[at] = Self.hexDigits[Int((n >> UInt64(position * 4)) & 0xF)]
                    at += 1
                }
                return at
            }
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
