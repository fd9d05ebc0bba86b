// Everything a handler needs for one request.

import CapellaDomain
import MockHTTP

struct RequestContext: Sendable {
    let request: HTTPRequest
    /// Path captures by template name. Ids are validated UUIDs, lowercased.
    let parameters: PathParameters
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

    /// A host name or IPv4 address, or a bracketed IPv6 address, with an optional port (which
    /// may be empty, as RFC 3986 allows). Names may hold underscores: container and compose
    /// service names often do, and a client reaching the mock by one must get links to it.
    /// Checked on bytes: every list response builds links from it.
    static func isWellFormedHost(_ text: String) -> Bool {
        func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
        func isHex(_ b: UInt8) -> Bool { isDigit(b) || (b | 0x20 >= UInt8(ascii: "a") && b | 0x20 <= UInt8(ascii: "f")) }
        func isNameByte(_ b: UInt8) -> Bool {
            isDigit(b) || (b | 0x20 >= UInt8(ascii: "a") && b | 0x20 <= UInt8(ascii: "z"))
                || b == UInt8(ascii: "-") || b == UInt8(ascii: ".") || b == UInt8(ascii: "_")
        }
        var rest = text.utf8[...]
        if rest.first == UInt8(ascii: "[") {
            guard let close = rest.firstIndex(of: UInt8(ascii: "]")) else { return false }
            let inside = rest[rest.index(after: rest.startIndex)..<close]
            guard !inside.isEmpty, inside.allSatisfy({ isHex($0) || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: ".") }) else { return false }
            rest = rest[rest.index(after: close)...]
        } else {
            let name = rest.prefix { $0 != UInt8(ascii: ":") }
            guard !name.isEmpty, name.count <= 253, name.allSatisfy(isNameByte) else { return false }
            rest = rest[name.endIndex...]
        }
        if rest.isEmpty { return true }
        guard rest.first == UInt8(ascii: ":") else { return false }
        let port = rest.dropFirst()
        if port.isEmpty { return true }
        guard port.count <= 5, port.allSatisfy(isDigit) else { return false }
        return port.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) } <= 65_535
    }
}
