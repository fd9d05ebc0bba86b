// The request journal: what clients sent and what they got, newest last, for tests to read
// back through GET /_mock/requests. Bounded (the last `capacity` requests) with bodies capped, so
// memory never grows without limit. Admin (/_mock) calls are not recorded.

import CapellaDomain
import MockJSON
import Synchronization

final class RequestJournal: Sendable {
    /// Bytes of each body kept; longer bodies are cut and marked truncated.
    static let bodyCap = 16 * 1024

    struct Entry: Sendable {
        var sequence: Int
        var time: SimTime
        var method: String
        var path: String
        var query: String
        var operation: String?
        var status: Int
        /// The connection was closed without an answer (a `close` fault).
        var aborted: Bool
        var requestID: String
        var requestBody: [UInt8]
        var requestBodyTruncated: Bool
        var responseBody: [UInt8]
        var responseBodyTruncated: Bool
    }

    let capacity: Int
    private struct Ring {
        var entries: [Entry] = []
        var start = 0
        var nextSequence = 1
    }
    private let ring = Mutex(Ring())

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    func record(time: SimTime, method: String, path: String, query: String, operation: String?, status: Int,
                aborted: Bool, requestID: String, requestBody: [UInt8], responseBody: [UInt8]) {
        let request = Self.cap(requestBody)
        let response = Self.cap(responseBody)
        ring.withLock { ring in
            let entry = Entry(sequence: ring.nextSequence, time: time, method: method, path: path, query: query,
                              operation: operation, status: status, aborted: aborted, requestID: requestID,
                              requestBody: request.bytes, requestBodyTruncated: request.truncated,
                              responseBody: response.bytes, responseBodyTruncated: response.truncated)
            ring.nextSequence += 1
            if ring.entries.count < capacity {
                ring.entries.append(entry)
            } else {
                ring.entries[ring.start] = entry
                ring.start = (ring.start + 1) % capacity
            }
        }
    }

    /// Oldest first.
    var entries: [Entry] {
        ring.withLock { ring in Array(ring.entries[ring.start...] + ring.entries[..<ring.start]) }
    }

    func clear() {
        ring.withLock { ring in
            ring.entries.removeAll()
            ring.start = 0
        }
    }

    private static func cap(_ body: [UInt8]) -> (bytes: [UInt8], truncated: Bool) {
        body.count <= bodyCap ? (body, false) : (Array(body.prefix(bodyCap)), true)
    }
}

extension RequestJournal.Entry {
    /// A body as JSON when it is complete, valid JSON; otherwise as text (or null when empty).
    static func bodyValue(_ bytes: [UInt8], truncated: Bool) -> JSONValue {
        if bytes.isEmpty { return .null }
        if !truncated, let parsed = try? JSONParser.parse(bytes) { return parsed }
        return .string(String(decoding: bytes, as: UTF8.self))
    }

    var json: JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("sequence", .int(sequence)), ("time", .string(time.rfc3339)), ("method", .string(method)),
            ("path", .string(path)), ("query", .string(query)),
            ("operation", operation.map(JSONValue.string) ?? .null), ("status", .int(status)),
            ("requestId", .string(requestID)),
            ("requestBody", Self.bodyValue(requestBody, truncated: requestBodyTruncated)),
            ("responseBody", Self.bodyValue(responseBody, truncated: responseBodyTruncated)),
        ]
        if aborted { members.append(("aborted", true)) }
        if requestBodyTruncated { members.append(("requestBodyTruncated", true)) }
        if responseBodyTruncated { members.append(("responseBodyTruncated", true)) }
        return .object(JSONObject(members))
    }
}
