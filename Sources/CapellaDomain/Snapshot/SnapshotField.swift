// Reading a snapshot document: each JSON value travels with its path, so every type error and
// every refused value names the exact place ("clusters[2].serviceGroups[0].numOfNodes").

import MockJSON

/// A JSON value and where it sits in the document.
struct SnapshotField {
    let value: JSONValue
    let path: String

    init(_ value: JSONValue, at path: String) {
        self.value = value
        self.path = path
    }

    func failure(_ reason: String) -> SnapshotError {
        SnapshotError(path: path, reason: reason)
    }

    func object() throws(SnapshotError) -> SnapshotObject {
        guard case .object(let object) = value else { throw mismatch("an object") }
        return SnapshotObject(object, at: path)
    }

    func array() throws(SnapshotError) -> [SnapshotField] {
        guard case .array(let elements) = value else { throw mismatch("an array") }
        return elements.enumerated().map { SnapshotField($1, at: "\(path)[\($0)]") }
    }

    func string() throws(SnapshotError) -> String {
        guard case .string(let text) = value else { throw mismatch("a string") }
        return text
    }

    func nonEmptyString() throws(SnapshotError) -> String {
        let text = try string()
        guard !text.isEmpty else { throw failure("must not be empty") }
        return text
    }

    /// An integer literal: `3`, not `3.0` or `3e0`.
    func int() throws(SnapshotError) -> Int {
        guard case .int(let number) = value else { throw mismatch("an integer") }
        return number
    }

    /// Any JSON number.
    func number() throws(SnapshotError) -> Double {
        switch value {
        case .int(let number): return Double(number)
        case .double(let number): return number
        default: throw mismatch("a number")
        }
    }

    func bool() throws(SnapshotError) -> Bool {
        guard case .bool(let flag) = value else { throw mismatch("true or false") }
        return flag
    }

    func strings() throws(SnapshotError) -> [String] {
        var texts: [String] = []
        for element in try array() { texts.append(try element.string()) }
        return texts
    }

    /// An RFC 3339 instant, kept to the millisecond.
    func time() throws(SnapshotError) -> SimTime {
        let text = try string()
        guard let time = SimTime(rfc3339: text) else {
            throw failure("\"\(text)\" is not an RFC 3339 time such as 2026-01-01T00:00:00Z")
        }
        return time
    }

    /// A UUID in its stored form (lowercase).
    func uuid() throws(SnapshotError) -> String {
        let text = try string()
        guard let id = Identifier.canonicalUUID(text) else {
            throw failure("\"\(text)\" is not a UUID (8-4-4-4-12 hexadecimal digits)")
        }
        return id
    }

    func mismatch(_ expected: String) -> SnapshotError {
        let found: String
        switch value {
        case .null: found = "null"
        case .bool(let flag): found = "the boolean \(flag)"
        case .int(let number): found = "the integer \(number)"
        case .double(let number): found = "the number \(number)"  // 7200.0, not 7200: a literal with a fraction or exponent
        case .string: found = "a string"
        case .array: found = "an array"
        case .object: found = "an object"
        }
        return failure("expected \(expected), found \(found)")
    }
}

/// A JSON object being read member by member. Members the format does not know are ignored.
struct SnapshotObject {
    let object: JSONObject
    let path: String

    init(_ object: JSONObject, at path: String) {
        self.object = object
        self.path = path
    }

    func path(of key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }

    func required(_ key: String) throws(SnapshotError) -> SnapshotField {
        guard let value = object[key] else {
            throw SnapshotError(path: path(of: key), reason: "required field is missing")
        }
        return SnapshotField(value, at: path(of: key))
    }

    /// An optional member; absent and null both mean "not given".
    func optional(_ key: String) -> SnapshotField? {
        guard let value = object[key], !value.isNull else { return nil }
        return SnapshotField(value, at: path(of: key))
    }

    func failure(_ reason: String) -> SnapshotError {
        SnapshotError(path: path, reason: reason)
    }
}

/// Runs a domain validator; its refusal becomes a SnapshotError at `path` whose reason is the
/// validator's message.
func validating<T>(at path: String, _ body: () throws(CapellaError) -> T) throws(SnapshotError) -> T {
    do throws(CapellaError) {
        return try body()
    } catch {
        throw SnapshotError(path: path, reason: error.message)
    }
}
