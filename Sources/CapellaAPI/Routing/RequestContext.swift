// Everything a handler needs for one request.

import CapellaDomain
import MockHTTP

struct RequestContext: Sendable {
    let request: HTTPRequest
    /// Path captures by template name. Ids are validated UUIDs, lowercased.
    let parameters: [String: String]
    /// The authenticated API key (nil on admin routes).
    let caller: APIKey?
    let environment: AppEnvironment

    var store: Store { environment.store }
    var query: QueryParameters { QueryParameters(request.query) }

    /// A path parameter the route template guarantees.
    func parameter(_ name: String) -> String {
        guard let value = parameters[name] else { preconditionFailure("route template has no {\(name)}") }
        return value
    }

    var organizationID: String { parameter("organizationId") }
    var projectID: String { parameter("projectId") }
    var clusterID: String { parameter("clusterId") }
    var cmekID: String { parameter("cmekId") }

    /// Who to record in audit fields: the API key id.
    var actor: String { caller?.id ?? "capella-mock" }

    func body(emptyIsObject: Bool = false) throws(CapellaError) -> JSONBody {
        try JSONBody.parse(request.body, emptyIsObject: emptyIsObject)
    }

    /// Scheme and authority for absolute links: the Host the client used when it is a well-formed
    /// host[:port], otherwise the address the server listens on.
    var baseURL: String {
        let host = request.headers["Host"].flatMap { Self.isWellFormedHost($0) ? $0 : nil }
            ?? "\(CapellaMockMain.hostForURL(environment.options.host)):\(environment.boundPort)"
        return "\(environment.scheme)://\(host)"
    }

    /// A DNS name or IPv4 address, or a bracketed IPv6 address, with an optional port.
    static func isWellFormedHost(_ text: String) -> Bool {
        var rest = Substring(text)
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { return false }
            let inside = rest[rest.index(after: rest.startIndex)..<close]
            guard !inside.isEmpty, inside.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else { return false }
            rest = rest[rest.index(after: close)...]
        } else {
            let name = rest.prefix { $0 != ":" }
            guard !name.isEmpty, name.count <= 253,
                  name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") }) else { return false }
            rest = rest.dropFirst(name.count)
        }
        if rest.isEmpty { return true }
        guard rest.first == ":" else { return false }
        let port = rest.dropFirst()
        return (1...5).contains(port.count) && port.allSatisfy({ $0.isASCII && $0.isNumber }) && (Int(port) ?? 70_000) <= 65_535
    }
}
