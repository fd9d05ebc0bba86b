// Identifier formats: UUIDs for organizations, projects, clusters and keys; 32-character
// alphanumeric ids and base64 tokens for API keys.

import FoundationEssentials


public enum Identifier {
    /// A canonical 8-4-4-4-12 hexadecimal UUID, either case.
    public static func isUUID(_ text: String) -> Bool {
        uuidShape(text) != nil
    }

    /// The same test on UTF-8 bytes.
    static func isUUID(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.count == 36 && uuidShape(bytes) != nil
    }

    /// The stored form of a UUID: lowercase.
    public static func canonicalUUID(_ text: String) -> String? {
        guard let hasUppercase = uuidShape(text) else { return nil }
        return hasUppercase ? text.lowercased() : text
    }

    /// nil unless `text` is a UUID; otherwise whether it has uppercase hex digits. Runs for every
    /// id in every request path, so it reads the bytes in place rather than through iterators.
    private static func uuidShape(_ text: String) -> Bool? {
        guard text.utf8.count == 36 else { return nil }
        if let verdict = text.utf8.withContiguousStorageIfAvailable(uuidShape) { return verdict }
        return Array(text.utf8).withUnsafeBufferPointer(uuidShape)
    }

    private static func uuidShape(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        var hasUppercase = false
        for index in 0..<bytes.count {
            let byte = bytes[index]
            if index == 8 || index == 13 || index == 18 || index == 23 {
                guard byte == UInt8(ascii: "-") else { return nil }
            } else if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "F") {
                hasUppercase = true
            } else if !isHex(byte) {
                return nil
            }
        }
        return hasUppercase
    }

    /// A random (version 4) UUID in lowercase. Written here rather than through Foundation's
    /// UUID, which opened /dev/urandom for every id (three system calls per created key).
    public static func newUUID() -> String {
        var generator = SystemRandomNumberGenerator()
        let words: [UInt64] = [generator.next(), generator.next()]
        var bytes = (0..<16).map { UInt8(truncatingIfNeeded: words[$0 / 8] >> UInt64($0 % 8 * 8)) }
        bytes[6] = bytes[6] & 0x0F | 0x40  // version 4
        bytes[8] = bytes[8] & 0x3F | 0x80  // RFC 4122 variant
        let hex = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(36)
        for (index, byte) in bytes.enumerated() {
            if index == 4 || index == 6 || index == 8 || index == 10 { text.append(UInt8(ascii: "-")) }
            text.append(hex[Int(byte >> 4)])
            text.append(hex[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    private static let alphanumerics = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
    /// Secrets may carry punctuation, as Capella's generated secrets do.
    private static let secretCharacters = alphanumerics + Array("%#@!")

    /// An API key id: 32 letters and digits.
    public static func newAPIKeyID() -> String {
        String((0..<32).map { _ in alphanumerics.randomElement()! })
    }

    /// An API key secret: 64 characters.
    public static func newAPIKeySecret() -> String {
        String((0..<64).map { _ in secretCharacters.randomElement()! })
    }

    /// A bearer token as Capella issues it: base64 of "<id>:<secret>".
    public static func token(id: String, secret: String) -> String {
        Data("\(id):\(secret)".utf8).base64EncodedString()
    }

    /// Lowercase letters and digits, for host names such as the connection string.
    public static func randomLowercase(count: Int) -> String {
        let characters = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        return String((0..<count).map { _ in characters.randomElement()! })
    }

    public static func randomDigits(count: Int) -> String {
        String((0..<count).map { _ in Character(String(Int.random(in: 0...9))) })
    }

    private static func isHex(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"), UInt8(ascii: "A")...UInt8(ascii: "F"):
            return true
        default:
            return false
        }
    }
}
