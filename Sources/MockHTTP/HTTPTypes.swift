// The public vocabulary of MockHTTP: what a handler receives and what it answers.
// Everything here is a plain value; the server's moving parts live in Listener/Connection.

/// HTTP version from the request line (1.0 or 1.1).
public struct HTTPVersion: Sendable, Equatable, CustomStringConvertible {
    public var major: Int
    public var minor: Int
    public init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }
    public static let http1_0 = HTTPVersion(major: 1, minor: 0)
    public static let http1_1 = HTTPVersion(major: 1, minor: 1)
    public var description: String { "HTTP/\(major).\(minor)" }
}

/// Request or response headers in arrival order. Lookups ignore ASCII case and never allocate
/// a lowercased copy of the stored names.
public struct HTTPHeaders: Sendable, Sequence {
    public private(set) var fields: [(name: String, value: String)]

    public init(_ fields: [(name: String, value: String)] = []) {
        self.fields = fields
    }

    /// The first value for `name`, compared case-insensitively.
    public subscript(name: String) -> String? {
        for field in fields where Self.equalsIgnoringASCIICase(field.name, name) {
            return field.value
        }
        return nil
    }

    /// Every value for `name`, in order.
    public func values(for name: String) -> [String] {
        fields.filter { Self.equalsIgnoringASCIICase($0.name, name) }.map(\.value)
    }

    public func contains(_ name: String) -> Bool { self[name] != nil }

    public mutating func add(_ name: String, _ value: String) {
        fields.append((name, value))
    }

    /// Replaces every field called `name` with one field.
    public mutating func set(_ name: String, _ value: String) {
        // Most calls add a field that is not there yet; then nothing needs removing.
        if fields.contains(where: { Self.equalsIgnoringASCIICase($0.name, name) }) { remove(name) }
        fields.append((name, value))
    }

    public mutating func remove(_ name: String) {
        fields.removeAll { Self.equalsIgnoringASCIICase($0.name, name) }
    }

    public var count: Int { fields.count }

    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> {
        fields.makeIterator()
    }

    static func equalsIgnoringASCIICase(_ a: String, _ b: String) -> Bool {
        // Different lengths can never match (and the count of a native string is stored).
        guard a.utf8.count == b.utf8.count else { return false }
        var ai = a.utf8.makeIterator()
        var bi = b.utf8.makeIterator()
        while true {
            switch (ai.next(), bi.next()) {
            case (nil, nil): return true
            case let (x?, y?):
                if x == y { continue }
                if x | 0x20 != y | 0x20 { return false }
                let lower = x | 0x20
                if lower < UInt8(ascii: "a") || lower > UInt8(ascii: "z") { return false }
            default: return false
            }
        }
    }
}

/// A complete request as the handler sees it: head parsed, body fully read (and de-chunked).
public struct HTTPRequest: Sendable {
    /// The method token as sent (case-sensitive, e.g. "GET").
    public var method: String
    /// The request-target exactly as sent, e.g. "/v4/organizations?page=2".
    public var target: String
    /// The target up to (not including) '?'. Not percent-decoded.
    public var path: String
    /// The raw text after '?', or "" when there is none.
    public var query: String
    public var version: HTTPVersion
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// The peer's IP address in text form ("127.0.0.1", "::1").
    public var remoteAddress: String

    public init(method: String, target: String, version: HTTPVersion = .http1_1,
                headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = [], remoteAddress: String = "127.0.0.1") {
        self.method = method
        self.target = target
        // Found in place (a generic search of the UTF-8 view cost more than the rest of this).
        let questionMark = target.utf8.withContiguousStorageIfAvailable { $0.firstIndex(of: UInt8(ascii: "?")) }
            .map { found in found.map { target.utf8.index(target.utf8.startIndex, offsetBy: $0) } }
        if let q = questionMark ?? target.utf8.firstIndex(of: UInt8(ascii: "?")) {
            self.path = String(Substring(target.utf8[..<q]))
            self.query = String(Substring(target.utf8[target.utf8.index(after: q)...]))
        } else {
            self.path = target
            self.query = ""
        }
        self.version = version
        self.headers = headers
        self.body = body
        self.remoteAddress = remoteAddress
    }
}

/// The part of a request known before its body is read; used to refuse a request early
/// (for example before answering `Expect: 100-continue`).
public struct HTTPRequestHead: Sendable {
    public var method: String
    public var target: String
    public var version: HTTPVersion
    public var headers: HTTPHeaders
    public var remoteAddress: String

    public init(method: String, target: String, version: HTTPVersion, headers: HTTPHeaders, remoteAddress: String) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        self.remoteAddress = remoteAddress
    }
}

/// A response. The server adds `Content-Length` (except for 1xx/204/304) and, when the
/// connection will close, `Connection: close`. A handler that sets `Connection: close`
/// makes the server close the connection after this response.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: [UInt8]

    public init(status: Int, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// How a handler answers. It must call exactly one of the two methods, exactly once, from any
/// thread, now or later (a later call is how latency is simulated). Responses on one connection
/// are always written in request order.
public protocol HTTPResponder: Sendable {
    func send(_ response: HTTPResponse)
    /// Close the connection without answering (simulates a dropped connection).
    func abort()
}

/// The application behind the server.
public protocol HTTPHandler: Sendable {
    /// Called once per complete request, on the connection's serial queue.
    func handle(_ request: HTTPRequest, responder: any HTTPResponder)

    /// Called when the head of a request that has a body is complete, before the body is read.
    /// Return a response to refuse the request without reading the body (e.g. 401 before
    /// `100 Continue`); nil to go on. The default accepts every head.
    func screen(_ head: HTTPRequestHead) -> HTTPResponse?
}

extension HTTPHandler {
    public func screen(_ head: HTTPRequestHead) -> HTTPResponse? { nil }
}

/// Reason phrases for the status codes this project uses, worded as Go's net/http words them
/// (Capella's API is a Go service).
public enum HTTPStatus {
    public static func reason(_ status: Int) -> String {
        switch status {
        case 100: return "Continue"
        case 200: return "OK"
        case 201: return "Created"
        case 202: return "Accepted"
        case 204: return "No Content"
        case 304: return "Not Modified"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 408: return "Request Timeout"
        case 409: return "Conflict"
        case 411: return "Length Required"
        case 412: return "Precondition Failed"
        case 413: return "Request Entity Too Large"
        case 415: return "Unsupported Media Type"
        case 417: return "Expectation Failed"
        case 422: return "Unprocessable Entity"
        case 429: return "Too Many Requests"
        case 431: return "Request Header Fields Too Large"
        case 500: return "Internal Server Error"
        case 501: return "Not Implemented"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        case 504: return "Gateway Timeout"
        case 505: return "HTTP Version Not Supported"
        default: return "Status \(status)"
        }
    }
}
