import Foundation
import Testing
@testable import CapellaAPI

/// openapi/capella-mock.yaml and RouteTable must describe the same operations: every route has a
/// spec entry with its operationId, and every spec entry is a route. The spec is read with a small
/// line-based reader of its `paths:` section (the file keeps the usual two-space layout:
/// a path at indent 2, a method at indent 4, its keys at indent 6).
@Suite struct OpenAPISpecTests {
    struct Operation: Hashable, CustomStringConvertible {
        var method: String
        var path: String
        var operationID: String
        /// Whether the operation says `security: []` (no token).
        var noSecurity = false

        var key: String { "\(method) \(path)" }
        var description: String { "\(method) \(path) (\(operationID))" }
    }

    /// Served by the server but not through RouteTable (or not yet): allowed to be missing from
    /// RouteTable, but when RouteTable has the method and path, the operationId must agree.
    static let servedOutsideRouteTable: Set<String> = ["GET /_mock/openapi.yaml"]

    static let specURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // CapellaAPITests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // package root
        .appendingPathComponent("openapi/capella-mock.yaml")

    static let methods: Set<String> = ["get", "put", "post", "delete", "patch", "head", "options", "trace"]

    /// The operations of the `paths:` section.
    static func operations(inSpec text: String) -> [Operation] {
        var result: [Operation] = []
        var inPaths = false
        var path: String?
        var current: Operation?
        func flush() {
            if let operation = current { result.append(operation) }
            current = nil
        }
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = rawLine.hasSuffix("\r") ? String(rawLine.dropLast()) : String(rawLine)
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let indent = line.prefix { $0 == " " }.count
            if indent == 0 {
                flush()
                inPaths = trimmed == "paths:"
                path = nil
                continue
            }
            guard inPaths else { continue }
            if indent == 2, trimmed.hasSuffix(":") {
                flush()
                path = unquote(String(trimmed.dropLast()))
            } else if indent == 4, trimmed.hasSuffix(":"), methods.contains(String(trimmed.dropLast())), let path {
                flush()
                current = Operation(method: String(trimmed.dropLast()).uppercased(), path: path, operationID: "")
            } else if indent == 4 {
                flush()  // path-level keys such as `parameters:`
            } else if indent == 6, current != nil {
                if trimmed.hasPrefix("operationId:") {
                    current?.operationID = unquote(trimmed.dropFirst("operationId:".count).trimmingCharacters(in: .whitespaces))
                } else if trimmed == "security: []" {
                    current?.noSecurity = true
                }
            }
        }
        flush()
        return result
    }

    static func unquote(_ text: String) -> String {
        if text.count >= 2, let first = text.first, first == "'" || first == "\"", text.last == first {
            return String(text.dropFirst().dropLast())
        }
        return text
    }

    /// Every difference between the routes and the spec's operations, as readable lines.
    static func differences(routes: [Route], spec: [Operation]) -> [String] {
        var problems: [String] = []
        var specByKey: [String: Operation] = [:]
        for operation in spec {
            if specByKey[operation.key] != nil { problems.append("the spec lists \(operation.key) twice") }
            specByKey[operation.key] = operation
            if operation.operationID.isEmpty { problems.append("the spec's \(operation.key) has no operationId") }
        }
        let ids = spec.map(\.operationID).filter { !$0.isEmpty }
        for id in Set(ids) where ids.filter({ $0 == id }).count > 1 {
            problems.append("the spec uses operationId \(id) more than once")
        }
        var routeKeys: Set<String> = []
        for route in routes {
            let key = "\(route.method) \(route.template)"
            routeKeys.insert(key)
            guard let operation = specByKey[key] else {
                problems.append("route \(key) (\(route.operationID)) has no entry in the spec")
                continue
            }
            if operation.operationID != route.operationID {
                problems.append("\(key): the spec says operationId \(operation.operationID), RouteTable says \(route.operationID)")
            }
            let isAdmin = route.access.isPublic
            if isAdmin != operation.noSecurity {
                problems.append("\(key): the spec \(operation.noSecurity ? "says" : "does not say") security: [], but the route \(isAdmin ? "needs no token" : "needs a token")")
            }
        }
        for operation in spec where !routeKeys.contains(operation.key) && !servedOutsideRouteTable.contains(operation.key) {
            problems.append("the spec's \(operation) is not a route")
        }
        return problems
    }

    func specOperations() throws -> [Operation] {
        let text = try String(contentsOf: Self.specURL, encoding: .utf8)
        return Self.operations(inSpec: text)
    }

    @Test func everyRouteHasASpecEntryAndEveryEntryIsARoute() throws {
        let spec = try specOperations()
        #expect(spec.count >= 50, "the spec reader found only \(spec.count) operations in \(Self.specURL.path)")
        let problems = Self.differences(routes: RouteTable.all(adminEnabled: true), spec: spec)
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    @Test func theHealthCheckOfANoAdminServerIsInTheSpec() throws {
        let keys = Set(try specOperations().map(\.key))
        for route in RouteTable.all(adminEnabled: false) {
            #expect(keys.contains("\(route.method) \(route.template)"))
        }
    }

    /// The check itself: a route without a spec entry, a spec entry without a route and a wrong
    /// operationId are each reported.
    @Test func theComparisonNoticesEachKindOfDrift() throws {
        let spec = try specOperations()
        let routes = RouteTable.all(adminEnabled: true)
        let extraRoute = Route("GET", "/v4/organizations/{organizationId}/widgets", "listWidgets", .roles([Role.owner])) { _ in
            Respond.empty(204)
        }
        #expect(Self.differences(routes: routes + [extraRoute], spec: spec)
            .contains("route GET /v4/organizations/{organizationId}/widgets (listWidgets) has no entry in the spec"))

        let extraEntry = Operation(method: "DELETE", path: "/v4/organizations", operationID: "deleteEverything")
        #expect(Self.differences(routes: routes, spec: spec + [extraEntry])
            .contains("the spec's DELETE /v4/organizations (deleteEverything) is not a route"))

        var renamed = spec
        let index = try #require(renamed.firstIndex { $0.operationID == "getCluster" })
        renamed[index].operationID = "readCluster"
        #expect(Self.differences(routes: routes, spec: renamed).contains { $0.contains("readCluster") && $0.contains("getCluster") })

        let withoutOne = spec.filter { $0.operationID != "AssociateCMEK" }
        #expect(Self.differences(routes: routes, spec: withoutOne).contains { $0.contains("AssociateCMEK") })
    }

    @Test func theReaderHandlesQuotingAndPathLevelKeys() {
        let text = """
        openapi: 3.0.3
        paths:
          '/a/{id}':
            parameters:
            - name: id
              in: path
            get:
              operationId: "getA"
              security: []
              responses:
                '200':
                  description: ok
            delete:
              operationId: deleteA
        components:
          schemas:
            get:
              operationId: notAnOperation
        """
        #expect(Self.operations(inSpec: text) == [
            Operation(method: "GET", path: "/a/{id}", operationID: "getA", noSecurity: true),
            Operation(method: "DELETE", path: "/a/{id}", operationID: "deleteA"),
        ])
    }
}
