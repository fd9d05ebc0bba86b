// Which request paths a fault rule or a journal filter means. A pattern is compared segment by
// segment: "{name}" or "*" is any one segment (so a route template such as
// "/v4/organizations/{organizationId}/cmek" works as written), "*" inside a segment matches any
// run of characters ("key-*"), "**" is any number of segments, anything else must be equal.

struct PathPattern: Sendable, Equatable, CustomStringConvertible {
    let text: String
    private let segments: [Substring]

    init?(_ text: String) {
        guard text.hasPrefix("/") else { return nil }
        self.text = text
        segments = text.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
    }

    var description: String { text }

    func matches(_ path: String) -> Bool {
        guard path.hasPrefix("/") else { return false }
        let parts = path.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        return Self.match(segments[...], parts[...])
    }

    private static func match(_ pattern: ArraySlice<Substring>, _ path: ArraySlice<Substring>) -> Bool {
        guard let head = pattern.first else { return path.isEmpty }
        if head == "**" {
            // Zero or more whole segments.
            var rest = path
            while true {
                if match(pattern.dropFirst(), rest) { return true }
                guard !rest.isEmpty else { return false }
                rest = rest.dropFirst()
            }
        }
        guard let segment = path.first, segmentMatches(head, segment) else { return false }
        return match(pattern.dropFirst(), path.dropFirst())
    }

    private static func segmentMatches(_ pattern: Substring, _ segment: Substring) -> Bool {
        if pattern.hasPrefix("{") && pattern.hasSuffix("}") { return !segment.isEmpty }
        guard pattern.contains("*") else { return pattern == segment }
        return glob(Array(pattern.utf8)[...], Array(segment.utf8)[...])
    }

    /// "*" matches any run of bytes (none included) within one segment.
    private static func glob(_ pattern: ArraySlice<UInt8>, _ text: ArraySlice<UInt8>) -> Bool {
        guard let first = pattern.first else { return text.isEmpty }
        if first == UInt8(ascii: "*") {
            var rest = text
            while true {
                if glob(pattern.dropFirst(), rest) { return true }
                guard !rest.isEmpty else { return false }
                rest = rest.dropFirst()
            }
        }
        guard let next = text.first, next == first else { return false }
        return glob(pattern.dropFirst(), text.dropFirst())
    }
}
