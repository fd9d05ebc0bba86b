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
        // Written digit by digit: one id per request.
        var text = Array(prefix.utf8)
        text.reserveCapacity(36)
        let hex = Array("0123456789abcdef".utf8)
        for position in (0..<15).reversed() {
            if position == 11 { text.append(UInt8(ascii: "-")) }
            text.append(hex[Int((n >> UInt64(position * 4)) & 0xF)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
