// Maps (method, path) to a route. Templates are the spec's paths, e.g.
// "/v4/organizations/{organizationId}/cmek/{cmekId}". At each segment a literal child is tried
// before a capture, so "/cmek/providers" never reaches "{cmekId}".

import MockHTTP

enum RouteResolution {
    case matched(Route, [String: String])
    /// The path exists but not for this method.
    case methodNotAllowed(allowed: [String])
    case notFound
}

final class Router: Sendable {
    private final class Node: @unchecked Sendable {
        // Built once in init and never mutated afterwards, so sharing across threads is safe.
        var literals: [String: Node] = [:]
        var capture: (name: String, node: Node)?
        var routes: [String: Route] = [:]
    }

    private let root = Node()
    let routes: [Route]

    init(routes: [Route]) {
        self.routes = routes
        for route in routes { insert(route) }
    }

    private func insert(_ route: Route) {
        var node = root
        for segment in Self.segments(route.template) ?? [] {
            if segment.hasPrefix("{"), segment.hasSuffix("}") {
                let name = String(segment.dropFirst().dropLast())
                if let existing = node.capture {
                    precondition(existing.name == name, "two templates name the same capture differently: \(route.template)")
                    node = existing.node
                } else {
                    let child = Node()
                    node.capture = (name, child)
                    node = child
                }
            } else if let child = node.literals[segment] {
                node = child
            } else {
                let child = Node()
                node.literals[segment] = child
                node = child
            }
        }
        precondition(node.routes[route.method] == nil, "duplicate route \(route.method) \(route.template)")
        node.routes[route.method] = route
    }

    func resolve(method: String, path: String) -> RouteResolution {
        guard let segments = Self.segments(path) else { return .notFound }
        var captures: [String: String] = [:]
        guard let node = Self.walk(root, segments[...], &captures) else { return .notFound }
        // HEAD is answered by the GET route; MockHTTP drops the body.
        if let route = node.routes[method] ?? (method == "HEAD" ? node.routes["GET"] : nil) {
            return .matched(route, captures)
        }
        return .methodNotAllowed(allowed: node.routes.keys.sorted())
    }

    /// Depth-first: literal first, then capture, backtracking when a branch leads nowhere.
    private static func walk(_ node: Node, _ rest: ArraySlice<String>, _ captures: inout [String: String]) -> Node? {
        guard let segment = rest.first else { return node.routes.isEmpty ? nil : node }
        if let literal = node.literals[segment], let found = walk(literal, rest.dropFirst(), &captures) {
            return found
        }
        if let capture = node.capture {
            captures[capture.name] = segment
            if let found = walk(capture.node, rest.dropFirst(), &captures) { return found }
            captures[capture.name] = nil
        }
        return nil
    }

    /// "/a/b%2Dc" → ["a", "b-c"]; nil for a path that is not absolute or has an empty segment.
    /// Splits on UTF-8 bytes: this runs for every request, and Character-wise splitting cost more
    /// than the rest of routing.
    static func segments(_ path: String) -> [String]? {
        let utf8 = path.utf8
        let slash = UInt8(ascii: "/")
        guard utf8.first == slash else { return nil }
        var segments: [String] = []
        var start = utf8.index(after: utf8.startIndex)
        if start == utf8.endIndex { return segments }
        var index = start
        while true {
            let atEnd = index == utf8.endIndex
            if atEnd || utf8[index] == slash {
                guard index > start else { return nil }
                segments.append(PercentDecoding.decode(Substring(utf8[start..<index])))
                if atEnd { return segments }
                start = utf8.index(after: index)
                index = start
            } else {
                index = utf8.index(after: index)
            }
        }
    }
}
