// A snapshot is the whole mock state, the simulated time and the operation durations as one
// JSON document (format version 1). The same format serves as a hand-written seed file, so
// decoding checks everything the API would check: a seed can hold nothing the API would refuse.

import MockJSON

public enum Snapshot {
    public static let formatVersion = 1

    /// Everything a snapshot holds.
    public struct Contents: Sendable, Equatable {
        public var state: MockState
        /// The simulated clock at export.
        public var now: SimTime
        public var durations: Durations

        public init(state: MockState, now: SimTime, durations: Durations) {
            self.state = state
            self.now = now
            self.durations = durations
        }
    }

    /// The document for `contents`, members in a fixed order so the output is stable.
    public static func encode(_ contents: Contents) -> JSONValue {
        SnapshotEncoder.document(contents)
    }

    /// Parses and fully validates; the first problem found is thrown with its JSON path.
    public static func decode(_ value: JSONValue) throws(SnapshotError) -> Contents {
        let document = try SnapshotDecoder.document(SnapshotField(value, at: ""))
        try SnapshotReferences.check(document.state)
        return document
    }

    /// As `decode(_: JSONValue)`, for the bytes of a file; JSON syntax errors are reported too.
    public static func decode(_ bytes: [UInt8]) throws(SnapshotError) -> Contents {
        let value: JSONValue
        do throws(JSONParseError) {
            value = try JSONParser.parse(bytes)
        } catch {
            throw SnapshotError(path: "", reason: error.description)
        }
        return try decode(value)
    }
}
