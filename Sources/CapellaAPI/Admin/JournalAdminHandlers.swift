// GET /_mock/requests (filters: method, path, status, operation) and DELETE /_mock/requests.

import CapellaDomain
import MockHTTP
import MockJSON

enum JournalAdminHandlers {
    static func list(_ context: RequestContext) throws -> HTTPResponse {
        let query = context.query
        let method = query["method"]?.uppercased()
        var path: PathPattern?
        if let text = query["path"] {
            guard let pattern = PathPattern(text) else { throw AdminError.invalid("path must start with \"/\".") }
            path = pattern
        }
        let status = try query["status"].map(statusFilter)
        let operation = query["operation"]
        let entries = context.environment.journal.entries.filter { entry in
            (method == nil || entry.method == method)
                && (path?.matches(entry.path) ?? true)
                && (status?(entry.status) ?? true)
                && (operation == nil || entry.operation == operation)
        }
        return Respond.json(200, ["data": .array(entries.map(\.json)), "total": .int(entries.count)])
    }

    static func clear(_ context: RequestContext) throws -> HTTPResponse {
        context.environment.journal.clear()
        return Respond.empty(204)
    }

    /// "404" or a class such as "4xx".
    private static func statusFilter(_ text: String) throws(CapellaError) -> @Sendable (Int) -> Bool {
        if let exact = Int(text), (100...599).contains(exact) { return { $0 == exact } }
        let lower = text.lowercased()
        if lower.count == 3, lower.hasSuffix("xx"), let hundreds = Int(lower.prefix(1)), (1...5).contains(hundreds) {
            return { $0 / 100 == hundreds }
        }
        throw AdminError.invalid("status must be a status code (404) or a class (4xx).")
    }
}
