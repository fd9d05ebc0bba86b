// Identifier formats: UUIDs for organizations, projects, clusters and keys; 32-character
// alphanumeric ids and base64 tokens for API keys.

import FoundationEssentials


public enum Identifier {
    /// A canonical 8-4-4-4-12 hexadecimal UUID, either case.
    public static func isUUID(_ text: String) -> Bool {
        let utf8 = text.utf8
        guard utf8.count == 36 else { return false }
        for (i, byte) in utf8.enumerated() {
            if i == 8 || i == 13 || i == 18 || i == 23 {
                if byte != UInt8(ascii: "-") { return false }
            } else if !isHex(byte) {
                return false
            }
        }
        return true
    }

    /// The stored form of a UUID: lowercase.
    public static func canonicalUUID(_ text: String) -> String? {
        guard isUUID(text) else { return nil }
        return text.utf8.contains(where: { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "F") }) ? text.lowercased() : text
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
