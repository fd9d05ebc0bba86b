// The query string of a request, parsed once: "a=1&b=x+y&b=z" → a: ["1"], b: ["x y", "z"].

struct QueryParameters: Sendable {
    private var pairs: [(name: String, value: String)] = []

    init(_ query: String) {
        guard !query.isEmpty else { return }
        // Split on bytes ('&' and '=' are ASCII, so this never cuts a character apart).
        for part in query.utf8.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            if let equals = part.firstIndex(of: UInt8(ascii: "=")) {
                pairs.append((PercentDecoding.decodeQuery(Substring(part[..<equals])),
                              PercentDecoding.decodeQuery(Substring(part[part.index(after: equals)...]))))
            } else {
                pairs.append((PercentDecoding.decodeQuery(Substring(part)), ""))
            }
        }
    }

    /// The last value given for `name`.
    subscript(name: String) -> String? {
        pairs.last { $0.name == name }?.value
    }

    /// Whether any value for `name` is empty or has an empty comma-separated item ("sortBy=", "a,,b").
    func hasEmptyItem(_ name: String) -> Bool {
        pairs.contains { $0.name == name && $0.value.split(separator: ",", omittingEmptySubsequences: false).contains(where: \.isEmpty) }
    }

    /// Every value for `name`, with comma-separated lists split ("sortBy=name,id").
    func list(_ name: String) -> [String] {
        pairs.filter { $0.name == name }
            .flatMap { $0.value.split(separator: ",", omittingEmptySubsequences: true).map(String.init) }
    }
}

enum PercentDecoding {
    /// Decodes %XX escapes; an invalid escape is kept as written.
    static func decode<S: StringProtocol>(_ text: S, plusIsSpace: Bool = false) -> String {
        guard text.utf8.contains(UInt8(ascii: "%")) || (plusIsSpace && text.utf8.contains(UInt8(ascii: "+"))) else {
            return String(text)
        }
        var bytes: [UInt8] = []
        let utf8 = Array(text.utf8)
        var i = 0
        while i < utf8.count {
            let byte = utf8[i]
            if byte == UInt8(ascii: "%"), i + 2 < utf8.count, let high = hexValue(utf8[i + 1]), let low = hexValue(utf8[i + 2]) {
                bytes.append(high << 4 | low)
                i += 3
            } else {
                bytes.append(plusIsSpace && byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
                i += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The same for a path segment held as bytes (no '+' rule): the router's per-request path,
    /// which this keeps free of generic string slicing.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard bytes.contains(UInt8(ascii: "%")) else { return String(decoding: bytes, as: UTF8.self) }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "%"), i + 2 < bytes.count, let high = hexValue(bytes[i + 1]), let low = hexValue(bytes[i + 2]) {
                decoded.append(high << 4 | low)
                i += 3
            } else {
                decoded.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: decoded, as: UTF8.self)
    }

    static func decodeQuery<S: StringProtocol>(_ text: S) -> String {
        decode(text, plusIsSpace: true)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
