// The admin API that test suites drive: fault rules, the request journal, the simulated KMS,
// durations and cluster repair. Each call over real sockets; bad input is 400 with a message.

import Foundation
import Testing
import MockJSON

@Suite struct FaultTests {
    func addFault(_ live: LiveServer, _ rule: String) throws -> String {
        let response = try live.client(token: nil).send("POST", "/_mock/faults", body: rule)
        precondition(response.status == 201, "adding \(rule) failed: \(response.text)")
        return response["id"]!.stringValue!
    }

    @Test func aStatusRuleReachesTheClientForTheNextNCalls() throws {
        let live = try LiveServer()
        _ = try addFault(live, "{\"method\":\"GET\",\"path\":\"/v4/organizations/{organizationId}/cmek\",\"status\":503,\"times\":2}")
        let api = try live.client()
        for _ in 1...2 {
            let failed = try api.get("\(live.orgPath)/cmek")
            #expect(failed.status == 503)
            #expect(failed["code"] == 1007)
            #expect(failed.json.objectValue?.keys.sorted() == ["code", "hint", "httpStatusCode", "message"])
        }
        #expect(try api.get("\(live.orgPath)/cmek").status == 200)
        // The count is used up: the rule is gone.
        #expect(try live.client(token: nil).get("/_mock/faults")["data"]?.arrayValue?.isEmpty == true)
        // Other methods and paths were never affected.
        #expect(try api.get(live.orgPath).status == 200)
    }

    @Test func aCustomErrorBodyAndRetryAfter() throws {
        let live = try LiveServer()
        _ = try addFault(live, "{\"path\":\"/v4/**\",\"status\":429,\"retryAfter\":7,\"message\":\"slow down\"}")
        let limited = try live.client().get(live.clusterPath())
        #expect(limited.status == 429)
        #expect(limited["code"] == 1004)
        #expect(limited["message"] == "slow down")
        #expect(limited.headers["retry-after"] == "7")
        // Clear the catch-all rule (it would match first), then fail only key registration.
        try live.client(token: nil).send("DELETE", "/_mock/faults")
        _ = try addFault(live, "{\"path\":\"/v4/organizations/*/cmek\",\"method\":\"POST\",\"status\":500,\"code\":12345,\"hint\":\"h\"}")
        let failed = try live.client().send("POST", "\(live.orgPath)/cmek", body: LiveServer.keyBody())
        #expect(failed.status == 500)
        #expect(failed["code"] == 12345)
        #expect(failed["hint"] == "h")
        // The injected failure happened before the handler: nothing was created.
        #expect(try live.client().get("\(live.orgPath)/cmek")["cursor"]?["pages"]?["totalItems"] == 0)
    }

    @Test func latencyDelaysTheAnswer() throws {
        let live = try LiveServer()
        _ = try addFault(live, "{\"path\":\"/v4/organizations\",\"delayMs\":300,\"times\":1}")
        let api = try live.client()
        let started = Date()
        #expect(try api.get("/v4/organizations").status == 200)
        // Measured loosely: at least the delay.
        #expect(Date().timeIntervalSince(started) >= 0.29)
    }

    @Test func closeIsSeenAsAConnectionError() throws {
        let live = try LiveServer()
        _ = try addFault(live, "{\"path\":\"/v4/organizations/{organizationId}\",\"close\":true,\"times\":1}")
        let api = try live.client()
        #expect(throws: TestClientError.self) { try api.get(live.orgPath) }
        #expect(try live.client().get(live.orgPath).status == 200)
        let journal = try live.client(token: nil).get("/_mock/requests")["data"]?.arrayValue
        #expect(journal?.first?["aborted"] == true)
    }

    @Test func rebalanceFailedIsVisibleAndBlocksCMEKChangesUntilRepaired() throws {
        let live = try LiveServer()
        let key = try live.createKey()
        _ = try addFault(live, "{\"cluster\":\"\(live.cluster)\",\"outcome\":\"rebalanceFailed\"}")
        let api = try live.client()
        #expect(try api.send("POST", "\(live.clusterPath())/cmek/\(key)/associate").status == 204)
        #expect(try live.clusterState() == "rebalancing")
        try live.advance(420)
        let failed = try api.get(live.clusterPath())
        #expect(failed["currentState"] == "rebalanceFailed")
        #expect(failed["cmekId"] == nil)
        // A failed cluster refuses CMEK changes, as Capella does.
        let refused = try api.send("POST", "\(live.clusterPath())/cmek/\(key)/associate")
        #expect(refused.status == 422)
        #expect(refused["message"]?.stringValue?.contains("rebalanceFailed") == true)
        // The documented admin repair brings it back; the fault was used up, so this one succeeds.
        let repaired = try live.client(token: nil).send("POST", "/_mock/clusters/\(live.cluster)/repair")
        #expect(repaired.status == 200)
        #expect(repaired["currentState"] == "healthy")
        #expect(try api.send("POST", "\(live.clusterPath())/cmek/\(key)/associate").status == 204)
        try live.advance(420)
        #expect(try api.get(live.clusterPath())["cmekId"]?.stringValue == key)
    }

    @Test func deploymentFailedForTheNextClusterOfAny() throws {
        let live = try LiveServer()
        _ = try addFault(live, "{\"cluster\":\"*\",\"outcome\":\"deploymentFailed\"}")
        let created = try live.client().send("POST", "\(live.projectPath)/clusters", body: LiveServer.clusterBody())
        let id = try #require(created["id"]?.stringValue)
        #expect(try live.clusterState(id) == "deploying")
        try live.advance(600)
        #expect(try live.clusterState(id) == "deploymentFailed")
    }

    @Test func listAndDeleteOneRule() throws {
        let live = try LiveServer()
        let admin = try live.client(token: nil)
        let first = try addFault(live, "{\"path\":\"/v4/**\",\"status\":500}")
        let second = try addFault(live, "{\"cluster\":\"*\",\"outcome\":\"scaleFailed\"}")
        let listed = try #require(admin.get("/_mock/faults")["data"]?.arrayValue)
        #expect(listed.compactMap { $0["id"]?.stringValue } == [first, second])
        #expect(listed[0]["status"] == 500)
        #expect(listed[1]["outcome"] == "scaleFailed")
        #expect(try admin.send("DELETE", "/_mock/faults/\(first)").status == 204)
        #expect(try admin.send("DELETE", "/_mock/faults/\(first)").status == 404)
        #expect(try live.client().get(live.orgPath).status == 200)
        #expect(try admin.send("POST", "/_mock/reset").status == 204)
        #expect(try admin.get("/_mock/faults")["data"]?.arrayValue?.isEmpty == true)
    }

    @Test(arguments: [
        "{}", "{\"path\":\"v4/x\",\"status\":500}", "{\"path\":\"/v4\"}", "{\"path\":\"/v4\",\"status\":200}",
        "{\"path\":\"/v4\",\"status\":500,\"close\":true}", "{\"path\":\"/v4\",\"delayMs\":-5}",
        "{\"path\":\"/v4\",\"status\":500,\"times\":0}", "{\"path\":\"/v4\",\"status\":\"500\"}",
        "{\"path\":\"/v4\",\"close\":true,\"code\":1}", "{\"path\":\"/v4\",\"status\":500,\"colour\":1}",
        "{\"cluster\":\"*\",\"outcome\":\"healthy\"}", "{\"cluster\":\"nope\",\"outcome\":\"rebalanceFailed\"}",
        "{\"cluster\":\"*\",\"outcome\":\"rebalanceFailed\",\"path\":\"/v4\"}", "not json",
    ])
    func badRulesAre400WithAMessage(rule: String) throws {
        let live = try LiveServer()
        let response = try live.client(token: nil).send("POST", "/_mock/faults", body: rule)
        #expect(response.status == 400, "\(rule): \(response.text)")
        #expect(response["message"]?.stringValue?.isEmpty == false)
        #expect(try live.client(token: nil).get("/_mock/faults")["data"]?.arrayValue?.isEmpty == true)
    }

    @Test func aTransitionRuleForAMissingClusterIs400() throws {
        let live = try LiveServer()
        let response = try live.client(token: nil).send("POST", "/_mock/faults", body: "{\"cluster\":\"\(UUID().uuidString)\",\"outcome\":\"rebalanceFailed\"}")
        #expect(response.status == 400)
    }
}

@Suite struct JournalTests {
    @Test func recordsWhatClientsSentAndGot() throws {
        let live = try LiveServer()
        let api = try live.client()
        _ = try api.send("POST", "\(live.orgPath)/cmek", body: LiveServer.keyBody(name: "journaled"))
        _ = try api.get("\(live.orgPath)/cmek/not-a-uuid")
        _ = try api.get(live.clusterPath())
        _ = try live.client(token: nil).get("/_mock/health")  // admin calls are not recorded
        let all = try #require(live.client(token: nil).get("/_mock/requests")["data"]?.arrayValue)
        #expect(all.count == 3)
        #expect(all[0]["method"] == "POST")
        #expect(all[0]["operation"] == "postCMEKMetadata")
        #expect(all[0]["status"] == 200)
        #expect(all[0]["requestBody"]?["name"] == "journaled")
        #expect(all[0]["responseBody"]?["id"]?.stringValue?.count == 36)
        #expect(all[0]["time"]?.stringValue?.hasSuffix("Z") == true)

        let admin = try live.client(token: nil)
        #expect(try admin.get("/_mock/requests?status=400")["data"]?.arrayValue?.count == 1)
        #expect(try admin.get("/_mock/requests?status=2xx")["data"]?.arrayValue?.count == 2)
        #expect(try admin.get("/_mock/requests?method=post")["data"]?.arrayValue?.count == 1)
        #expect(try admin.get("/_mock/requests?path=/v4/organizations/*/projects/**")["data"]?.arrayValue?.count == 1)
        #expect(try admin.get("/_mock/requests?operation=getCluster")["data"]?.arrayValue?.count == 1)
        #expect(try admin.get("/_mock/requests?status=abc").status == 400)
        #expect(try admin.send("DELETE", "/_mock/requests").status == 204)
        #expect(try admin.get("/_mock/requests")["total"] == 0)
    }

    @Test func isBoundedAndCapsBodies() throws {
        let live = try LiveServer { $0.journalSize = 5 }
        let api = try live.client()
        for n in 1...8 { _ = try api.get("\(live.orgPath)/cmek?page=\(n)") }
        let kept = try #require(live.client(token: nil).get("/_mock/requests")["data"]?.arrayValue)
        #expect(kept.count == 5)
        #expect(kept.compactMap { $0["query"]?.stringValue } == (4...8).map { "page=\($0)" })
        let big = "{\"name\":\"\(String(repeating: "x", count: 40_000))\"}"
        _ = try live.client().send("POST", "\(live.orgPath)/projects", body: big)
        let last = try #require(live.client(token: nil).get("/_mock/requests")["data"]?.arrayValue?.last)
        #expect(last["requestBodyTruncated"] == true)
        #expect(last["requestBody"]?.stringValue?.utf8.count == 16 * 1024)
    }
}

@Suite struct KMSTests {
    func setAccess(_ live: LiveServer, _ resource: String, _ accessible: Bool) throws {
        let response = try live.client(token: nil).send("PUT", "/_mock/kms/keys", body: "{\"key\":\"\(resource)\",\"accessible\":\(accessible)}")
        precondition(response.status == 200, response.text)
    }

    @Test func anInaccessibleKeyIsRefusedAtAllFourPoints() throws {
        let live = try LiveServer()
        let api = try live.client()
        let revoked = LiveServer.awsARN(n: 66)
        try setAccess(live, revoked, false)
        // 1. Registering it.
        let register = try api.send("POST", "\(live.orgPath)/cmek", body: LiveServer.keyBody(arn: revoked))
        #expect(register.status == 422)
        #expect(register["message"]?.stringValue?.contains("cannot access") == true)
        // 2. Associating a key that lost access after it was registered.
        let key = try live.createKey(LiveServer.keyBody(arn: LiveServer.awsARN(n: 67)))
        try setAccess(live, LiveServer.awsARN(n: 67), false)
        #expect(try api.send("POST", "\(live.clusterPath())/cmek/\(key)/associate").status == 422)
        #expect(try live.clusterState() == "healthy")
        // 3. Creating a cluster with it.
        #expect(try api.send("POST", "\(live.projectPath)/clusters", body: LiveServer.clusterBody(cmekID: key)).status == 422)
        // 4. Rotating to it.
        try setAccess(live, LiveServer.awsARN(n: 67), true)
        let rotate = try api.send("PUT", "\(live.orgPath)/cmek/\(key)", body: "{\"config\":{\"arn\":\"\(revoked)\"}}")
        #expect(rotate.status == 422)
        #expect(try api.get("\(live.orgPath)/cmek/\(key)/history")["data"]?.arrayValue?.count == 1)
        let listed = try live.client(token: nil).get("/_mock/kms/keys")
        #expect(listed["data"] == [["key": .string(revoked), "accessible": false]])
    }

    @Test func losingAccessDegradesTheClusterAndRestoringItRecovers() throws {
        let live = try LiveServer()
        let arn = LiveServer.awsARN(n: 70)
        let key = try live.createKey(LiveServer.keyBody(arn: arn))
        let api = try live.client()
        #expect(try api.send("POST", "\(live.clusterPath())/cmek/\(key)/associate").status == 204)
        // Lost during the redeploy: it ends degraded.
        try setAccess(live, arn, false)
        try live.advance(420)
        #expect(try live.clusterState() == "degraded")
        #expect(try api.get(live.clusterPath())["cmekId"]?.stringValue == key)
        try setAccess(live, arn, true)
        #expect(try live.clusterState() == "healthy")
        // Lost while idle: degraded at once.
        try setAccess(live, arn, false)
        #expect(try live.clusterState() == "degraded")
        #expect(try api.send("POST", "\(live.clusterPath())/cmek/\(key)/unassociate").status == 422)
    }

    @Test(arguments: ["{}", "{\"key\":\"\",\"accessible\":false}", "{\"key\":\"x\"}", "{\"key\":\"x\",\"accessible\":\"no\"}"])
    func badKMSInputIs400(body: String) throws {
        let live = try LiveServer()
        #expect(try live.client(token: nil).send("PUT", "/_mock/kms/keys", body: body).status == 400)
    }
}

@Suite struct DurationTests {
    @Test func changedDurationsApplyToNewTransitionsAndResetRestoresThem() throws {
        let live = try LiveServer()
        let admin = try live.client(token: nil)
        let changed = try admin.send("PUT", "/_mock/durations", body: "{\"cmekRedeploy\":30}")
        #expect(changed.status == 200)
        #expect(changed["cmekRedeploy"] == 30)
        #expect(changed["deploy"] == 600)
        let key = try live.createKey()
        #expect(try live.client().send("POST", "\(live.clusterPath())/cmek/\(key)/associate").status == 204)
        try live.advance(30)
        #expect(try live.clusterState() == "healthy")
        #expect(try admin.send("POST", "/_mock/reset").status == 204)
        #expect(try admin.get("/_mock/durations")["cmekRedeploy"] == 420)
        for bad in ["{\"deploy\":-1}", "{\"warp\":1}", "{\"scale\":\"fast\"}"] {
            #expect(try admin.send("PUT", "/_mock/durations", body: bad).status == 400)
        }
    }

    @Test func durationFlagsSetTheStart() throws {
        let live = try LiveServer { $0.durations.deploy = 5 }
        let created = try live.client().send("POST", "\(live.projectPath)/clusters", body: LiveServer.clusterBody())
        try live.advance(5)
        #expect(try live.clusterState(created["id"]!.stringValue!) == "healthy")
    }
}
