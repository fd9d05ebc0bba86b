// API keys as Capella issues and enforces them: shapes, expiry on the simulated clock, rotation,
// revocation, the CIDR allowlist, validation, and who may mint which key.

import Foundation
import Testing
@testable import CapellaAPI
import MockJSON

@Suite struct APIKeyTests {
    func mint(_ live: LiveServer, _ body: String, as token: String = LiveServer.token) throws -> TestResponse {
        try live.client(token: token).send("POST", "\(live.orgPath)/apikeys", body: body)
    }

    @Test func createReturnsIdAndACapellaShapedToken() throws {
        let live = try LiveServer()
        let created = try mint(live, "{\"name\":\"ci\",\"organizationRoles\":[\"organizationMember\"]}")
        #expect(created.status == 201)
        #expect(created.json.objectValue?.keys.sorted() == ["id", "token"])
        let id = try #require(created["id"]?.stringValue)
        #expect(id.count == 32)
        #expect(id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) })
        let token = try #require(created["token"]?.stringValue)
        let decoded = try #require(Data(base64Encoded: token).map { String(decoding: $0, as: UTF8.self) })
        #expect(decoded.hasPrefix(id + ":"))
        #expect(decoded.dropFirst(33).count == 64)

        let fetched = try live.client().get("\(live.orgPath)/apikeys/\(id)")
        #expect(fetched.status == 200)
        #expect(fetched.json.objectValue?.keys.sorted()
                == ["allowedCIDRs", "audit", "description", "expiry", "id", "name", "organizationRoles", "resources"])
        #expect(fetched["expiry"] == 180)
        #expect(fetched["allowedCIDRs"] == ["0.0.0.0/0"])
        #expect(fetched["resources"] == [])
        // The new token works.
        #expect(try live.client(token: token).get("\(live.orgPath)/cmek").status == 200)
    }

    @Test func unauthorizedCases() throws {
        let live = try LiveServer()
        let path = "\(live.orgPath)/cmek"
        let token = try #require(try mint(live, "{\"name\":\"k\",\"organizationRoles\":[\"organizationOwner\"]}")["token"]?.stringValue)
        var mangled = Array(token)
        mangled[10] = mangled[10] == "A" ? "B" : "A"
        for bad in [nil, "", String(mangled), String(repeating: "x", count: 64)] as [String?] {
            let response = try live.client(token: bad).get(path)
            #expect(response.status == 401, "token \(bad ?? "nil")")
            #expect(response["code"] == 1001)
            #expect(response["message"] == "Unauthorized")
        }
        let basic = try live.client(token: nil).send("GET", path, headers: [("Authorization", "Basic b3duZXI6c2VjcmV0")])
        #expect(basic.status == 401)
    }

    @Test func expiryCountsOnTheSimulatedClock() throws {
        let live = try LiveServer()
        // 0.001 days = 86.4 seconds.
        let token = try #require(try mint(live, "{\"name\":\"short\",\"organizationRoles\":[\"organizationOwner\"],\"expiry\":0.001}")["token"]?.stringValue)
        #expect(try live.client(token: token).get("\(live.orgPath)/cmek").status == 200)
        try live.advance(86)
        #expect(try live.client(token: token).get("\(live.orgPath)/cmek").status == 200)
        try live.advance(1)
        #expect(try live.client(token: token).get("\(live.orgPath)/cmek").status == 401)
        // -1 never expires.
        let forever = try #require(try mint(live, "{\"name\":\"forever\",\"organizationRoles\":[\"organizationOwner\"],\"expiry\":-1}")["token"]?.stringValue)
        try live.advance(10 * 365 * 86_400)
        #expect(try live.client(token: forever).get("\(live.orgPath)/cmek").status == 200)
    }

    @Test func rotateReplacesTheTokenAndDeleteRevokesIt() throws {
        let live = try LiveServer()
        let created = try mint(live, "{\"name\":\"r\",\"organizationRoles\":[\"organizationOwner\"]}")
        let id = try #require(created["id"]?.stringValue)
        let old = try #require(created["token"]?.stringValue)
        let rotated = try live.client().send("POST", "\(live.orgPath)/apikeys/\(id)/rotate")
        #expect(rotated.status == 200)
        #expect(rotated.json.objectValue?.keys.sorted() == ["secretKey", "token"])
        let new = try #require(rotated["token"]?.stringValue)
        #expect(rotated["secretKey"]?.stringValue?.count == 64)
        #expect(try live.client(token: old).get(live.orgPath).status == 401)
        #expect(try live.client(token: new).get(live.orgPath).status == 200)

        // A caller-chosen secret must follow the policy.
        let weak = try live.client().send("POST", "\(live.orgPath)/apikeys/\(id)/rotate", body: "{\"secret\":\"short\"}")
        #expect(weak.status == 422)
        #expect(try live.client(token: new).get(live.orgPath).status == 200)
        let chosen = "Abcdefgh1!" + String(repeating: "x", count: 54)
        let custom = try live.client().send("POST", "\(live.orgPath)/apikeys/\(id)/rotate", body: "{\"secret\":\"\(chosen)\"}")
        #expect(custom["secretKey"]?.stringValue == chosen)
        #expect(custom["token"]?.stringValue == Data("\(id):\(chosen)".utf8).base64EncodedString())

        let latest = try #require(custom["token"]?.stringValue)
        #expect(try live.client().send("DELETE", "\(live.orgPath)/apikeys/\(id)").status == 204)
        #expect(try live.client(token: latest).get(live.orgPath).status == 401)
        #expect(try live.client().get("\(live.orgPath)/apikeys/\(id)").status == 404)
    }

    @Test func aCallerOutsideTheAllowedCIDRsIs401() throws {
        let live = try LiveServer()
        let fenced = try #require(try mint(live, "{\"name\":\"f\",\"organizationRoles\":[\"organizationOwner\"],\"allowedCIDRs\":[\"10.254.254.254/20\"]}")["token"]?.stringValue)
        let refused = try live.client(token: fenced).get(live.orgPath)
        #expect(refused.status == 401)
        #expect(refused["code"] == 1001)
        let loopback = try #require(try mint(live, "{\"name\":\"l\",\"organizationRoles\":[\"organizationOwner\"],\"allowedCIDRs\":[\"10.254.254.254/20\",\"127.0.0.0/8\"]}")["token"]?.stringValue)
        #expect(try live.client(token: loopback).get(live.orgPath).status == 200)
    }

    @Test(arguments: [
        ("{\"organizationRoles\":[\"organizationMember\"]}", 422),
        ("{\"name\":\"\",\"organizationRoles\":[\"organizationMember\"]}", 422),
        ("{\"name\":null,\"organizationRoles\":[\"organizationMember\"]}", 422),
        ("{\"name\":12,\"organizationRoles\":[\"organizationMember\"]}", 400),
        ("{\"name\":\"n\"}", 422),
        ("{\"name\":\"n\",\"organizationRoles\":[\"\"]}", 422),
        ("{\"name\":\"n\",\"organizationRoles\":[null]}", 422),
        ("{\"name\":\"n\",\"organizationRoles\":[\"organizationWizard\"]}", 422),
        ("{\"name\":\"n\",\"organizationRoles\":[7]}", 400),
        ("{\"name\":\"n\",\"organizationRoles\":[\"organizationMember\"],\"allowedCIDRs\":[\"\"]}", 422),
        ("{\"name\":\"n\",\"organizationRoles\":[\"organizationMember\"],\"allowedCIDRs\":[null]}", 422),
        ("{\"name\":\"n\",\"organizationRoles\":[\"organizationMember\"],\"allowedCIDRs\":[5]}", 400),
        ("{\"name\":\"n\",\"organizationRoles\":[\"organizationMember\"],\"expiry\":0}", 422),
        ("{\"name\":\"n\",\"organizationRoles\":[\"organizationMember\"],\"expiry\":-2}", 422),
        ("{\"name\":\"n\",\"organizationRoles\":[\"organizationMember\"],\"expiry\":\"soon\"}", 400),
        ("{\"name\":\"n\",\"organizationRoles\":[\"organizationMember\"],\"description\":12}", 400),
        ("{\"name\":\"n\",\"organizationRoles\":[\"organizationMember\"],\"resources\":[{\"id\":\"nope\",\"roles\":[\"projectOwner\"]}]}", 422),
        ("{\"name\":\"n\",\"organizationRoles\":[\"organizationMember\"],\"resources\":[{\"id\":\"00000000-0000-0000-0000-000000000001\",\"roles\":[\"projectWizard\"]}]}", 422),
    ])
    func invalidRequestsAreRefusedAndCreateNothing(body: String, status: Int) throws {
        let live = try LiveServer()
        let response = try mint(live, body)
        #expect(response.status == status, "\(response.text)")
        #expect(response["code"] == (status == 400 ? 1000 : 422))
        #expect(try live.client().get("\(live.orgPath)/apikeys")["cursor"]?["pages"]?["totalItems"] == 1)
    }

    @Test func expiryZeroNamesTheField() throws {
        let live = try LiveServer()
        let response = try mint(live, "{\"name\":\"n\",\"organizationRoles\":[\"organizationMember\"],\"expiry\":0}")
        #expect(response["message"]?.stringValue?.contains("expiry") == true)
        #expect(response["hint"]?.stringValue?.isEmpty == false)
        // Null and an empty description are fine.
        #expect(try mint(live, "{\"name\":\"n\",\"organizationRoles\":[\"organizationMember\"],\"expiry\":null,\"description\":\"\"}").status == 201)
    }

    @Test func aProjectOwnerMintsOnlyKeysForItsOwnProject() throws {
        let live = try LiveServer()
        let other = try live.client().send("POST", "\(live.orgPath)/projects", body: "{\"name\":\"other\"}")["id"]!.stringValue!
        let owner = try #require(try mint(live, "{\"name\":\"po\",\"organizationRoles\":[\"organizationMember\"],\"resources\":[{\"type\":\"project\",\"id\":\"\(live.project)\",\"roles\":[\"projectOwner\"]}]}")["token"]?.stringValue)
        func projectKey(_ project: String, orgRoles: String = "[\"organizationMember\"]") -> String {
            "{\"name\":\"x\",\"organizationRoles\":\(orgRoles),\"resources\":[{\"id\":\"\(project)\",\"roles\":[\"projectManager\"]}]}"
        }
        #expect(try mint(live, projectKey(live.project), as: owner).status == 201)
        #expect(try mint(live, projectKey(other), as: owner).status == 403)
        #expect(try mint(live, projectKey(live.project, orgRoles: "[\"projectCreator\"]"), as: owner).status == 403)
        #expect(try mint(live, "{\"name\":\"o\",\"organizationRoles\":[\"organizationOwner\"]}", as: owner).status == 403)
        // It lists itself and the key it minted, not the organization owner's keys.
        let listed = try live.client(token: owner).get("\(live.orgPath)/apikeys")
        #expect(listed["cursor"]?["pages"]?["totalItems"] == 2)
        #expect(listed["data"]?.arrayValue?.allSatisfy { $0["organizationRoles"] == ["organizationMember"] } == true)
        // Keys out of its reach are 403, whether they exist or not.
        let seeded = try live.client().get("\(live.orgPath)/apikeys")["data"]!.arrayValue!.first { $0["organizationRoles"] == ["organizationOwner"] }!
        #expect(try live.client(token: owner).get("\(live.orgPath)/apikeys/\(seeded["id"]!.stringValue!)").status == 403)
        #expect(try live.client(token: owner).get("\(live.orgPath)/apikeys/doesnotexist").status == 403)
        #expect(try live.client().get("\(live.orgPath)/apikeys/doesnotexist").status == 404)
    }

    @Test func listsShowOnlyWhatTheCallerMaySee() throws {
        let live = try LiveServer()
        let hidden = try live.client().send("POST", "\(live.orgPath)/projects", body: "{\"name\":\"hidden\"}")["id"]!.stringValue!
        _ = hidden
        let viewer = try #require(try mint(live, "{\"name\":\"v\",\"organizationRoles\":[\"organizationMember\"],\"resources\":[{\"id\":\"\(live.project)\",\"roles\":[\"projectViewer\"]}]}")["token"]?.stringValue)
        let projects = try live.client(token: viewer).get("\(live.orgPath)/projects")
        #expect(projects["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [live.project])
        #expect(projects["cursor"]?["pages"]?["totalItems"] == 1)
        #expect(try live.client(token: viewer).get("\(live.orgPath)/projects/\(hidden)").status == 403)
        #expect(try live.client(token: viewer).get("\(live.orgPath)/projects/\(hidden)/clusters").status == 403)
        #expect(try live.client(token: viewer).get("\(live.projectPath)/clusters")["data"]?.arrayValue?.count == 1)
    }

    @Test func theSeededKeyIsAnOwnerKeyWithTheGivenToken() throws {
        let live = try LiveServer()
        let keys = try live.client().get("\(live.orgPath)/apikeys")["data"]?.arrayValue
        #expect(keys?.count == 1)
        #expect(keys?.first?["organizationRoles"] == ["organizationOwner"])
        #expect(keys?.first?["expiry"] == -1)
    }
}

@Suite struct RateLimitTests {
    @Test func theSixthCallInAMinuteIs429UntilTheWindowFrees() throws {
        let live = try LiveServer { $0.rateLimit = 5 }
        let api = try live.client()
        for _ in 1...5 { #expect(try api.get(live.orgPath).status == 200) }
        let limited = try api.get(live.orgPath)
        #expect(limited.status == 429)
        #expect(limited["code"] == 1004)
        let retryAfter = try #require(limited.headers["retry-after"].flatMap { Int($0) })
        #expect(retryAfter == 60)
        try live.advance(30)
        let later = try api.get(live.orgPath)
        #expect(later.status == 429)
        #expect(later.headers["retry-after"] == "30")
        try live.advance(30)
        for _ in 1...5 { #expect(try api.get(live.orgPath).status == 200) }
        #expect(try api.get(live.orgPath).status == 429)
    }

    @Test func oneKeysTrafficNeverLimitsAnother() throws {
        let live = try LiveServer { $0.rateLimit = 5 }
        let other = try live.client().send("POST", "\(live.orgPath)/apikeys", body: "{\"name\":\"b\",\"organizationRoles\":[\"organizationOwner\"]}")["token"]!.stringValue!
        for _ in 1...4 { _ = try live.client().get(live.orgPath) }
        #expect(try live.client().get(live.orgPath).status == 429)
        for _ in 1...5 { #expect(try live.client(token: other).get(live.orgPath).status == 200) }
        // The admin API is never limited, and a reset clears the windows.
        #expect(try live.client(token: nil).get("/_mock/health").status == 200)
        #expect(try live.client(token: nil).send("POST", "/_mock/reset").status == 204)
        #expect(try live.client().get(live.orgPath).status == 200)
    }

    @Test func offByDefault() throws {
        let live = try LiveServer()
        for _ in 1...150 { #expect(try live.client().get(live.orgPath).status == 200) }
    }
}

@Suite struct BearerTokenParsingTests {
    @Test func schemeInAnyCaseThenTheTokenWithoutBlanks() {
        #expect(Authentication.bearerToken("Bearer abc") == "abc")
        #expect(Authentication.bearerToken("bearer abc") == "abc")
        #expect(Authentication.bearerToken("BEARER   abc \t ") == "abc")
        #expect(Authentication.bearerToken("Bearer a%b/c==") == "a%b/c==")
        #expect(Authentication.bearerToken("Bearer \tabc") == "abc")
    }

    @Test func anythingElseIsNoToken() {
        for header in [nil, "", "Bearer", "Bearer ", "Bearer    ", "Bearerabc", "Bearer\tabc", "Basic abc", "Bear abc", "Bearer\u{e9} abc"] {
            #expect(Authentication.bearerToken(header) == nil, "\(String(describing: header))")
        }
    }
}
