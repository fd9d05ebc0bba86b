// Maps (method, path) to a route. Templates are the spec's paths, e.g.
// "/v4/organizations/{organizationId}/cmek/{cmekId}". At each segment a literal child is tried
// before a capture, so "/cmek/providers" never reaches "{cmekId}".

import MockHTTP

enum RouteResolution {
    case matched(Route, PathParameters)
    /// The path exists but not for this method.
    case methodNotAllowed(allowed: [String])
    case notFound
}

final class Router: Sendable {
    private final class Node: @unchecked Sendable {
        // Built once in init and never mutated afterwards, so sharing across threads is safe.
        // Small arrays rather than dictionaries: a node has a handful of children and methods,
        // and comparing short strings costs less than hashing them on every request.
        var literals: [(segment: String, node: Node)] = []
        var capture: (name: String, node: Node)?
        var routes: [(method: String, route: Route)] = []

        func literal(_ segment: String) -> Node? {
            for child in literals where child.segment == segment { return child.node }
            return nil
        }

        func route(_ method: String) -> Route? {
            for entry in routes where entry.method == method { return entry.route }
            return nil
        }
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
            } else if let child = node.literal(segment) {
                node = child
            } else {
                let child = Node()
                node.literals.append((segment, child))
                node = child
            }
        }
        precondition(node.route(route.method) == nil, "duplicate route \(route.method) \(route.template)")
        node.routes.append((route.method, route))
    }

    func resolve(method: String, path: String) -> RouteResolution {
        guard let segments = Self.segments(path) else { return .notFound }
        var captured: [(name: String, value: String)] = []
        captured.reserveCapacity(4)
        guard let node = Self.walk(root, segments, 0, &captured) else { return .notFound }
        // HEAD is answered by the GET route; MockHTTP drops the body.
        if let route = node.route(method) ?? (method == "HEAD" ? node.route("GET") : nil) {
            return .matched(route, PathParameters(captured))
        }
        return .methodNotAllowed(allowed: node.routes.map(\.method).sorted())
    }

    /// Depth-first: literal first, then capture, backtracking when a branch leads nowhere.
    private static func walk(_ node: Node, _ segments: [String], _ index: Int,
                             _ captured: inout [(name: String, value: String)]) -> Node? {
        guard index < segments.count else { return node.routes.isEmpty ? nil : node }
        let segment = segments[index]
        if let literal = node.literal(segment), let found = walk(literal, segments, index + 1, &captured) {
            return found
        }
        if let capture = node.capture {
            captured.append((capture.name, segment))
            if let found = walk(capture.node, segments, index + 1, &captured) { return found }
            captured.removeLast()
        }
        return nil
    }

    /// "/a/b%2Dc" → ["a", "b-c"]; nil for a path that is not absolute or has an empty segment.
    /// Splits the path's bytes in place: this runs for every request, and splitting through
    /// `Character`s or `Substring`s cost more than the rest of routing.
    static func segments(_ path: String) -> [String]? {
        var path = path
        return path.withUTF8 { bytes -> [String]? in
            let slash = UInt8(ascii: "/")
            guard bytes.first == slash else { return nil }
            var segments: [String] = []
            segments.reserveCapacity(8)
            var start = 1
            var index = 1
            if bytes.count == 1 { return segments }
            while true {
                let atEnd = index == bytes.count
                if atEnd || bytes[index] == slash {
                    guard index > start else { return nil }
                    segments.append(PercentDecoding.decode(UnsafeBufferPointer(rebasing: bytes[start..<index])))
                    if atEnd { return segments }
                    start = index + 1
                }
                index += 1
            }
        }
    }
}
