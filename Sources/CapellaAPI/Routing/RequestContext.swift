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

    /// Scheme and authority for absolute links: the Host the client used.
    var baseURL: String {
        let host = request.headers["Host"] ?? "\(environment.options.host):\(environment.boundPort)"
        return "\(environment.scheme)://\(host)"
    }
}
