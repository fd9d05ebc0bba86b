import Foundation
import Testing
@testable import CapellaAPI
import CapellaDomain
import MockHTTP

@Suite struct RoutingTests {
    struct Oops: Error {}

    func router(_ extra: [Route] = []) -> Router {
        Router(routes: RouteTable.all(adminEnabled: true) + extra)
    }

    @Test func literalSegmentsBeatCaptures() {
        let org = "/v4/organizations/11111111-1111-1111-1111-111111111111"
        guard case .matched(let route, let captures) = router().resolve(method: "PUT", path: org + "/cmek/providers") else {
            Issue.record("no match")
            return
        }
        #expect(route.operationID == "enableCMEK")
        #expect(captures["cmekId"] == nil)
        guard case .matched(let rotate, let ids) = router().resolve(method: "PUT", path: org + "/cmek/abc") else {
            Issue.record("no match")
            return
        }
        #expect(rotate.operationID == "rotateCMEKKey")
        #expect(ids["cmekId"] == "abc")
    }

    @Test func pathIdsAreCheckedInPathOrderAndLowercased() throws {
        let upper = "0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D"
        let project = "11111111-1111-1111-1111-111111111111"
        guard case .matched(_, let captures) = router().resolve(
            method: "GET", path: "/v4/organizations/\(upper)/projects/\(project)/clusters/bad-cluster") else {
            Issue.record("no match")
            return
        }
        #expect(captures.pairs.map(\.name) == ["organizationId", "projectId", "clusterId"])
        do {
            _ = try PathIdentifiers.validate(captures)
            Issue.record("a malformed cluster id passed")
        } catch {
            #expect(error.message.contains("clusterId \"bad-cluster\""))
        }
        // Two bad ids: the one earlier in the URL is reported.
        let twoBad: PathParameters = ["organizationId": "org-x", "projectId": "proj-y"]
        #expect(throws: CapellaError.invalidPathID(name: "organizationId", value: "org-x")) { try PathIdentifiers.validate(twoBad) }

        let valid = try PathIdentifiers.validate(["organizationId": upper, "projectId": project, "ApiKeyId": "Not-A-UUID"])
        #expect(valid["organizationId"] == upper.lowercased())
        #expect(valid["projectId"] == project)
        #expect(valid["ApiKeyId"] == "Not-A-UUID")
        #expect(valid.count == 3)
        #expect(valid == ["ApiKeyId": "Not-A-UUID", "projectId": project, "organizationId": upper.lowercased()])
        #expect(valid != ["ApiKeyId": "Not-A-UUID", "projectId": project, "organizationId": upper])
    }

    @Test func unknownPathsAndWrongMethods() {
        let org = "/v4/organizations/x"
        guard case .notFound = router().resolve(method: "GET", path: org + "/cmeks") else { Issue.record("expected 404"); return }
        guard case .notFound = router().resolve(method: "GET", path: "/v4/organizations//projects") else { Issue.record("expected 404"); return }
        guard case .methodNotAllowed(let allowed) = router().resolve(method: "POST", path: org + "/cmek/providers") else {
            Issue.record("expected 405")
            return
        }
        #expect(allowed == ["PUT"])
        guard case .matched(let head, _) = router().resolve(method: "HEAD", path: org + "/cmek") else { Issue.record("HEAD"); return }
        #expect(head.method == "GET")
    }

    @Test func everySpecOperationHasARoute() {
        let operations = Set(RouteTable.v4.map(\.operationID))
        for id in ["getCloudAccounts", "postProject", "listProjects", "getProjectByID", "putProject", "deleteProjectByID",
                   "postCluster", "listClusters", "getCluster", "putCluster", "deleteCluster", "getAzureApplicationID",
                   "postCMEKMetadata", "getKeyMetadataList", "listCMEKHistory", "getKeyMetadata", "rotateCMEKKey",
                   "deleteKeyMetadata", "enableCMEK", "AssociateCMEK", "UnassociateCMEK", "getOrganizationByID",
                   "listOrganizations"] {
            #expect(operations.contains(id), "\(id)")
        }
    }

    @Test func anUnexpectedThrowIs500AndTheServerCarriesOn() throws {
        let live = try LiveServer()
        let failing = Route("GET", "/_mock/explode", "explode", .admin) { _ in throw Oops() }
        let app = CapellaApp(environment: live.environment, routes: RouteTable.all(adminEnabled: true) + [failing])
        let (response, _) = app.respond(to: HTTPRequest(method: "GET", target: "/_mock/explode"))
        #expect(response.status == 500)
        #expect(String(decoding: response.body, as: UTF8.self).contains("\"code\":10000"))
        let (after, _) = app.respond(to: HTTPRequest(method: "GET", target: "/_mock/health"))
        #expect(after.status == 200)
    }
}

@Suite struct WireTests {
    @Test func unknownPathsAnswerLikeCapella() throws {
        let live = try LiveServer()
        let api = try live.client()
        let v4 = try api.get("\(live.orgPath)/cmeks")
        #expect(v4.status == 404)
        #expect(v4.text == "404 page not found\n")
        let v3 = try api.get("/v3/organizations")
        #expect(v3.status == 404)
        #expect(v3.text.contains("<center>nginx</center>"))
        let wrongMethod = try api.send("POST", "\(live.orgPath)/cmek/providers", body: "{}")
        #expect(wrongMethod.status == 405)
        #expect(wrongMethod.body.isEmpty)
        #expect(wrongMethod.headers["allow"] == "PUT")
    }

    @Test func responsesCarryDateRequestIdAndLength() throws {
        let live = try LiveServer()
        let response = try live.client().send("GET", "\(live.orgPath)/cmek", headers: [("X-Request-Id", "abc-123")])
        #expect(response.headers["x-request-id"] == "abc-123")
        #expect(response.headers["date"]?.hasSuffix("GMT") == true)
        #expect(response.headers["content-length"] == String(response.body.count))
        let head = try live.client().send("HEAD", "\(live.orgPath)/cmek")
        #expect(head.status == 200)
        #expect(head.headers["content-length"] == response.headers["content-length"])
    }

    @Test func aPipelinedBurstIsAnsweredInOrder() throws {
        let live = try LiveServer()
        let client = try live.client()
        var burst = ""
        let paths = ["\(live.orgPath)/cloudAccounts", "\(live.orgPath)/cmek/not-a-uuid", live.clusterPath(),
                     "/_mock/health", "\(live.orgPath)/cmek"]
        for path in paths {
            burst += "GET \(path) HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(LiveServer.token)\r\n\r\n"
        }
        try client.write(Array(burst.utf8))
        let statuses = try paths.map { _ in try client.readResponse() }
        #expect(statuses.map(\.status) == [200, 400, 200, 200, 200])
        #expect(statuses[2]["id"]?.stringValue == live.cluster)
        #expect(statuses[3]["status"] == "ok")
    }

    @Test func concurrentAssociatesGetExactlyOne204() throws {
        let live = try LiveServer()
        let keys = try (1...8).map { try live.createKey(LiveServer.keyBody(name: "k\($0)", arn: LiveServer.awsARN(n: $0))) }
        let statuses = LockedArray()
        DispatchQueue.concurrentPerform(iterations: keys.count) { i in
            let status = (try? live.client().send("POST", "\(live.clusterPath())/cmek/\(keys[i])/associate").status) ?? -1
            statuses.append(status)
        }
        #expect(statuses.values.filter { $0 == 204 }.count == 1)
        #expect(statuses.values.filter { $0 == 422 }.count == 7)
    }

    @Test func adminClockAndReset() throws {
        let live = try LiveServer()
        let api = try live.client(token: nil)
        let clock = try api.get("/_mock/clock")
        #expect(clock["timeScale"] == 0)
        let before = try #require(clock["now"]?.stringValue)
        let advanced = try api.send("POST", "/_mock/clock/advance", body: "{\"seconds\": 3600}")
        #expect(advanced.status == 200)
        #expect(advanced["now"]?.stringValue != before)
        #expect(try api.send("POST", "/_mock/clock/advance", body: "{\"seconds\": -1}").status == 400)
        #expect(try api.send("POST", "/_mock/clock/advance", body: "{\"seconds\": \"ten\"}").status == 400)
        _ = try live.createKey()
        #expect(try api.send("POST", "/_mock/reset").status == 204)
        let keys = try live.client().get("\(live.orgPath)/cmek")
        #expect(keys["cursor"]?["pages"]?["totalItems"] == 0)
        #expect(try live.clusterState() == "healthy")
    }

    @Test func noAdminLeavesOnlyHealth() throws {
        let live = try LiveServer { $0.adminEnabled = false }
        let api = try live.client(token: nil)
        #expect(try api.get("/_mock/health").status == 200)
        #expect(try api.get("/_mock/clock").status == 404)
        #expect(try api.send("POST", "/_mock/reset").status == 404)
    }
}

/// A thread-safe list of results for concurrent tests.
final class LockedArray: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [Int] = []
    func append(_ value: Int) { lock.withLock { items.append(value) } }
    var values: [Int] { lock.withLock { items } }
}

@Suite struct RequestIDTests {
    @Test func idsAreUniqueAndUUIDShaped() {
        let ids = RequestIDs()
        let many = (0..<10_000).map { _ in ids.next() }
        #expect(Set(many).count == many.count)
        #expect(many.allSatisfy { Identifier.isUUID($0) })
        #expect(RequestIDs().next() != ids.next())
    }
}

@Suite struct FarFutureTests {
    /// Regression: formatting the Date header of a year past 9999 crashed the server.
    @Test func httpDatesFormatForAnyYear() {
        #expect(HTTPDate.format(SimTime(rfc3339: "2026-12-03T17:46:41Z")!) == "Thu, 03 Dec 2026 17:46:41 GMT")
        #expect(HTTPDate.format(SimTime(milliseconds: 0)) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(HTTPDate.format(SimTime.latestSupported) == "Fri, 31 Dec 9999 23:59:59 GMT")
        #expect(HTTPDate.format(SimTime.distantFuture).hasSuffix("GMT"))
        #expect(HTTPDate.format(SimTime(milliseconds: .min)).hasSuffix("GMT"))
    }

    /// Regression: advancing the clock past the year 9999 killed the server on the next response.
    @Test func theClockStopsAtTheYear9999() throws {
        let live = try LiveServer()
        let admin = try live.client(token: nil)
        let hundredYears = 100.0 * 365 * 86_400
        var refused: TestResponse?
        for _ in 0..<90 {
            let response = try admin.send("POST", "/_mock/clock/advance", body: "{\"seconds\": \(hundredYears)}")
            if response.status != 200 { refused = response; break }
        }
        #expect(refused?.status == 400)
        #expect(refused?["message"]?.stringValue?.contains("9999-12-31") == true)
        #expect(try admin.get("/_mock/clock")["now"]?.stringValue?.hasPrefix("99") == true)
        #expect(try live.client().get(live.orgPath).status == 200)
    }
}

@Suite struct LogLineTests {
    /// Regression: a cluster named "x\n<date> ERROR forged" wrote a forged line into text logs.
    @Test func controlCharactersCannotForgeLines() {
        #expect(Logger.escapingControls("evil\n2027-01-01T00:00:00Z ERROR forged") == "evil\\n2027-01-01T00:00:00Z ERROR forged")
        #expect(Logger.escapingControls("a\u{0}b\rc\td\u{7F}") == "a\\x00b\\rc\\td\\x7f")
        #expect(Logger.escapingControls("plain é 😀") == "plain é 😀")
    }
}

@Suite struct EmbeddedSpecTests {
    /// The binary serves openapi/capella-mock.yaml exactly; run `make openapi` after editing it.
    @Test func theServedSpecIsTheFile() throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("openapi/capella-mock.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(OpenAPIDocument.yaml == text, "openapi/capella-mock.yaml changed: run make openapi")
        let live = try LiveServer()
        let served = try live.client(token: nil).get("/_mock/openapi.yaml")
        #expect(served.status == 200)
        #expect(served.headers["content-type"] == "application/yaml")
        #expect(served.text == text)
    }
}
