// Every refusal the tutorial can meet: a Capella error body with the right status and code, and
// no change to the state.

import Foundation
import Testing
import MockJSON

@Suite struct RefusalTests {
    /// Asserts an error body of exactly {httpStatusCode, code, message, hint}.
    func expectError(_ response: TestResponse, _ status: Int, _ code: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(response.status == status, "\(response.text)", sourceLocation: sourceLocation)
        #expect(response["httpStatusCode"]?.intValue == status, sourceLocation: sourceLocation)
        #expect(response["code"]?.intValue == code, "\(response.text)", sourceLocation: sourceLocation)
        #expect(response.json.objectValue?.keys.sorted() == ["code", "hint", "httpStatusCode", "message"], sourceLocation: sourceLocation)
        #expect(response.headers["content-type"] == "application/json", sourceLocation: sourceLocation)
    }

    @Test func associateRulesRegionProviderPlanBusy() throws {
        let live = try LiveServer()
        let api = try live.client()
        let west = try live.createKey(LiveServer.keyBody(arn: LiveServer.awsARN(region: "us-west-2", n: 3)))
        let region = try api.send("POST", "\(live.clusterPath())/cmek/\(west)/associate")
        expectError(region, 422, 1005)
        #expect(region["message"]?.stringValue?.contains("us-west-2") == true)

        let gcp = try live.createKey("{\"name\":\"g\",\"config\":{\"resourceName\":\"projects/my-project/locations/global/keyRings/r/cryptoKeys/k\"}}")
        expectError(try api.send("POST", "\(live.clusterPath())/cmek/\(gcp)/associate"), 422, 1005)

        let key = try live.createKey()
        let developerPro = try live.createHealthyCluster(LiveServer.clusterBody(plan: "developer pro"))
        let plan = try api.send("POST", "\(live.clusterPath(developerPro))/cmek/\(key)/associate")
        expectError(plan, 422, 1005)
        #expect(plan["message"]?.stringValue?.contains("Enterprise") == true)

        // Busy: a second associate during the redeploy is refused, and so is unassociate.
        #expect(try api.send("POST", "\(live.clusterPath())/cmek/\(key)/associate").status == 204)
        expectError(try api.send("POST", "\(live.clusterPath())/cmek/\(key)/associate"), 422, 1005)
        expectError(try api.send("POST", "\(live.clusterPath())/cmek/\(key)/unassociate"), 422, 1005)
        #expect(try live.clusterState() == "rebalancing")
        #expect(try live.clusterState(developerPro) == "healthy")
        #expect(try api.get(live.clusterPath(developerPro))["cmekId"] == nil)
    }

    @Test func createWithAKeyInAnotherRegionIsRefused() throws {
        let live = try LiveServer()
        let api = try live.client()
        let key = try live.createKey()
        let response = try api.send("POST", "\(live.projectPath)/clusters", body: LiveServer.clusterBody(region: "us-east-2", cmekID: key))
        expectError(response, 422, 1005)
        #expect(try api.get("\(live.projectPath)/clusters")["cursor"]?["pages"]?["totalItems"] == 1)
    }

    @Test func rotationRefusals() throws {
        let live = try LiveServer()
        let api = try live.client()
        let key = try live.createKey()
        let same = try api.send("PUT", "\(live.orgPath)/cmek/\(key)", body: "{\"config\":{\"arn\":\"\(LiveServer.awsARN())\"}}")
        expectError(same, 422, 1005)
        #expect(try api.send("PUT", "\(live.orgPath)/cmek/\(key)", body: "{\"config\":{\"arn\":\"\(LiveServer.awsARN(n: 2))\"}}").status == 204)
        let early = try api.send("PUT", "\(live.orgPath)/cmek/\(key)", body: "{\"config\":{\"arn\":\"\(LiveServer.awsARN(n: 3))\"}}")
        expectError(early, 422, 1005)
        #expect(early["message"]?.stringValue?.contains("30 days") == true)
        try live.advance(30 * 86_400)
        #expect(try api.send("PUT", "\(live.orgPath)/cmek/\(key)", body: "{\"config\":{\"arn\":\"\(LiveServer.awsARN(n: 3))\"}}").status == 204)
        #expect(try api.get("\(live.orgPath)/cmek/\(key)/history")["data"]?.arrayValue?.count == 3)
        // Payload validation comes before existence: a bad config on a missing key is 12003.
        for bad in ["{\"config\":{}}", "{\"config\":\"invalid\"}", "{}"] {
            expectError(try api.send("PUT", "\(live.orgPath)/cmek/\(UUID().uuidString.lowercased())", body: bad), 422, 12003)
        }
    }

    @Test func keyConfigAndMetadataValidation() throws {
        let live = try LiveServer()
        let api = try live.client()
        for body in ["{}", "{\"name\":\"only a name\"}", "{\"name\":\"x\",\"config\":{\"arn\":\"arn:aws:kms:us-east-1:1:key/x\"}}",
                     "{\"name\":\"x\",\"config\":{\"arn\":123}}",
                     "{\"name\":\"x\",\"config\":{\"keyLocation\":\"https://v1x.vault.azure.net/keys/k/0123456789abcdef0123456789abcdef\"}}"] {
            expectError(try api.send("POST", "\(live.orgPath)/cmek", body: body), 422, 12003)
        }
        expectError(try api.send("POST", "\(live.orgPath)/cmek", body: LiveServer.keyBody(name: String(repeating: "n", count: 129))), 422, 1005)
        expectError(try api.send("POST", "\(live.orgPath)/cmek", body: LiveServer.keyBody(name: "")), 422, 1005)
        #expect(try api.send("POST", "\(live.orgPath)/cmek", body: LiveServer.keyBody(name: String(repeating: "n", count: 128))).status == 200)
        expectError(try api.send("POST", "\(live.orgPath)/cmek", body: "{\"name\":42,\"config\":{}}"), 400, 1000)
        expectError(try api.send("POST", "\(live.orgPath)/cmek", body: "{\"name\":"), 400, 1000)
        expectError(try api.send("POST", "\(live.orgPath)/cmek", body: "[1,2]"), 400, 1000)
        #expect(try api.get("\(live.orgPath)/cmek")["cursor"]?["pages"]?["totalItems"] == 1)
    }

    @Test func unknownIdsAndWrongProject() throws {
        let live = try LiveServer()
        let api = try live.client()
        let missing = UUID().uuidString.lowercased()
        expectError(try api.get("\(live.orgPath)/cmek/\(missing)"), 404, 3000)
        expectError(try api.get("\(live.orgPath)/projects/\(missing)"), 404, 2000)
        expectError(try api.get("\(live.orgPath)/projects/\(missing)/clusters"), 404, 2000)
        expectError(try api.get(live.clusterPath(missing)), 404, 4025)
        let other = try api.send("POST", "\(live.orgPath)/projects", body: "{\"name\":\"other\"}")["id"]!.stringValue!
        let wrongProject = try api.get("\(live.orgPath)/projects/\(other)/clusters/\(live.cluster)")
        expectError(wrongProject, 422, 4031)
        expectError(try api.send("POST", "\(live.clusterPath())/cmek/\(missing)/associate"), 404, 3000)
        expectError(try api.send("POST", "\(live.clusterPath(missing))/cmek/\(missing)/associate"), 404, 4025)
    }

    @Test func malformedIdsAre400AndOtherOrganizationsAre403() throws {
        let live = try LiveServer()
        let api = try live.client()
        expectError(try api.get("\(live.orgPath)/cmek/not-a-uuid"), 400, 1000)
        expectError(try api.get("/v4/organizations/\(live.org.dropLast())g/cmek"), 400, 1000)
        expectError(try api.get(live.clusterPath("123456788")), 400, 1000)
        let foreign = "/v4/organizations/00000000-0000-0000-0000-000000000000"
        expectError(try api.get("\(foreign)/cmek"), 403, 1002)
        expectError(try api.get("\(foreign)/projects/\(live.project)/clusters/\(live.cluster)"), 403, 1002)
        // Role and organization checks come before payload and existence checks.
        expectError(try api.send("POST", "\(foreign)/cmek", body: "{}"), 403, 1002)
    }

    @Test func credentialsAre401() throws {
        let live = try LiveServer()
        let path = "\(live.orgPath)/cmek"
        expectError(try live.client(token: nil).get(path), 401, 1001)
        expectError(try live.client(token: "wrong").get(path), 401, 1001)
        expectError(try live.client(token: LiveServer.token + "x").get(path), 401, 1001)
        let basic = try live.client(token: nil).send("GET", path, headers: [("Authorization", "Basic dXNlcjpwYXNz")])
        expectError(basic, 401, 1001)
        // 401 comes before malformed ids and routing of the organization.
        expectError(try live.client(token: nil).get("/v4/organizations/bad/cmek"), 401, 1001)
    }

    @Test func bodyTypeErrorsNameTheField() throws {
        let live = try LiveServer()
        let api = try live.client()
        let response = try api.send("POST", "\(live.orgPath)/projects", body: "{\"name\":12}")
        expectError(response, 400, 1000)
        #expect(response["message"]?.stringValue?.contains("\"name\"") == true)
        var cluster = LiveServer.clusterBody()
        cluster = cluster.replacingOccurrences(of: "\"numOfNodes\":3", with: "\"numOfNodes\":3.0")
        let typed = try api.send("POST", "\(live.projectPath)/clusters", body: cluster)
        expectError(typed, 400, 1000)
        #expect(typed["message"]?.stringValue?.contains("serviceGroups[0].numOfNodes") == true)
    }

    @Test func clusterCreateValidation() throws {
        let live = try LiveServer()
        let api = try live.client()
        let overlap = try api.send("POST", "\(live.projectPath)/clusters", body: LiveServer.clusterBody(cidr: "10.0.0.0/24"))
        expectError(overlap, 422, 1005)
        #expect(overlap["message"]?.stringValue?.contains("Please ensure you are passing a unique CIDR block") == true)
        let emptySupport = LiveServer.clusterBody().replacingOccurrences(of: "{\"plan\":\"enterprise\",\"timezone\":\"PT\"}", with: "{}")
        expectError(try api.send("POST", "\(live.projectPath)/clusters", body: emptySupport), 422, 4002)
        expectError(try api.send("POST", "\(live.projectPath)/clusters", body: LiveServer.clusterBody(region: "mars-1")), 422, 1005)
        let noData = LiveServer.clusterBody().replacingOccurrences(of: "[\"data\",\"query\",\"index\"]", with: "[\"query\"]")
        expectError(try api.send("POST", "\(live.projectPath)/clusters", body: noData), 422, 1005)
        let gcpDisk = LiveServer.clusterBody().replacingOccurrences(of: "\"type\":\"gp3\"", with: "\"type\":\"pd-ssd\"")
        expectError(try api.send("POST", "\(live.projectPath)/clusters", body: gcpDisk), 422, 1005)
        // Payload validation before existence: a bad body under a missing project is still 422.
        expectError(try api.send("POST", "\(live.orgPath)/projects/\(UUID().uuidString)/clusters", body: emptySupport), 422, 4002)
        #expect(try api.get("\(live.projectPath)/clusters")["cursor"]?["pages"]?["totalItems"] == 1)
    }

    @Test func deleteIsRefusedForAKeyInUse() throws {
        let live = try LiveServer()
        let api = try live.client()
        let key = try live.createKey()
        #expect(try api.send("POST", "\(live.clusterPath())/cmek/\(key)/associate").status == 204)
        try live.advance(420)
        let refused = try api.send("DELETE", "\(live.orgPath)/cmek/\(key)")
        expectError(refused, 422, 1005)
        #expect(refused["message"]?.stringValue?.contains(live.cluster) == true)
        #expect(try api.get("\(live.orgPath)/cmek/\(key)").status == 200)
        // Unassociating a key from a cluster that does not have it is refused.
        let other = try live.createKey(LiveServer.keyBody(arn: LiveServer.awsARN(n: 5)))
        expectError(try api.send("POST", "\(live.clusterPath())/cmek/\(other)/unassociate"), 422, 1005)
    }
}

@Suite struct SchemathesisFindingsTests {
    /// Regression: a huge page number overflowed (page - 1) * perPage and crashed the server.
    @Test func aHugePageIsAnEmptyPage() throws {
        let live = try LiveServer()
        let response = try live.client().get("\(live.orgPath)/projects?page=4611686018427387904")
        #expect(response.status == 200)
        #expect(response["data"]?.arrayValue?.isEmpty == true)
        #expect(try live.client().get(live.orgPath).status == 200)
    }

    /// Regression: any retainsnapshotbackups value was accepted.
    @Test func retainSnapshotBackupsMustBeABoolean() throws {
        let live = try LiveServer()
        #expect(try live.client().send("DELETE", live.clusterPath() + "?retainsnapshotbackups=AAA").status == 400)
        #expect(try live.clusterState() == "healthy")
        #expect(try live.client().send("DELETE", live.clusterPath() + "?retainsnapshotbackups=true").status == 202)
    }

    /// Regression: an update whose disk had no type reached the existence and If-Match checks first.
    @Test func anUpdateWithoutADiskTypeIsRefusedBeforeExistence() throws {
        let live = try LiveServer()
        let body = "{\"name\":\"x\",\"description\":\"\",\"serviceGroups\":[{\"node\":{\"compute\":{\"cpu\":4,\"ram\":16},\"disk\":{\"storage\":50}},\"numOfNodes\":3,\"services\":[\"data\"]}],\"support\":{\"plan\":\"enterprise\",\"timezone\":\"PT\"}}"
        for (path, headers) in [(live.clusterPath(UUID().uuidString), [(String, String)]()), (live.clusterPath(), [("If-Match", "7")])] {
            let response = try live.client().send("PUT", path, body: body, headers: headers)
            #expect(response.status == 422)
            #expect(response["message"]?.stringValue?.contains("disk.type") == true)
        }
    }

    /// Regression: an empty sortBy was silently ignored.
    @Test func anEmptySortByIs422() throws {
        let live = try LiveServer()
        #expect(try live.client().get("\(live.orgPath)/projects?sortBy=").status == 422)
        #expect(try live.client().get("\(live.orgPath)/projects?sortBy=name,,id").status == 422)
        #expect(try live.client().get("\(live.orgPath)/projects?sortBy=name,id").status == 200)
    }
}
