// The Capella CMEK tutorial, end to end over real sockets, with every status and state checked.

import Foundation
import Testing
import MockJSON

@Suite struct TutorialTests {
    @Test func theWholeCMEKTutorial() throws {
        let live = try LiveServer()
        let api = try live.client()

        // 1. Capella's cloud account ids.
        let accounts = try api.get("\(live.orgPath)/cloudAccounts")
        #expect(accounts.status == 200)
        #expect(accounts.json.objectValue?.keys.sorted() == ["aws-capella-account", "azure-capella-subscription", "gcp-capella-project"])
        #expect(accounts["aws-capella-account"]?.stringValue?.count == 12)

        // 2. Register a key: 200 with exactly {id}.
        let created = try api.send("POST", "\(live.orgPath)/cmek", body: LiveServer.keyBody())
        #expect(created.status == 200)
        #expect(created.json.objectValue?.keys == ["id"])
        let key = try #require(created["id"]?.stringValue)
        let fetched = try api.get("\(live.orgPath)/cmek/\(key)")
        #expect(fetched.status == 200)
        #expect(fetched["name"] == "my key")
        #expect(fetched["config"]?["arn"]?.stringValue == LiveServer.awsARN())
        #expect(fetched["audit"]?["version"] == 1)

        // 3. The seeded Enterprise cluster.
        let cluster = try api.get(live.clusterPath())
        #expect(cluster.status == 200)
        #expect(cluster["support"]?["plan"] == "enterprise")
        #expect(cluster["currentState"] == "healthy")
        #expect(cluster.headers["etag"] == "Version: 1")
        #expect(cluster["cmekId"] == nil)

        // 4. Associate: 204, rebalancing for the redeploy, then healthy with cmekId.
        let associated = try api.send("POST", "\(live.clusterPath())/cmek/\(key)/associate")
        #expect(associated.status == 204)
        #expect(associated.body.isEmpty)
        #expect(try live.clusterState() == "rebalancing")
        try live.advance(419)
        #expect(try live.clusterState() == "rebalancing")
        try live.advance(1)
        let encrypted = try api.get(live.clusterPath())
        #expect(encrypted["currentState"] == "healthy")
        #expect(encrypted["cmekId"]?.stringValue == key)

        // A second cluster created with the key deploys encrypted.
        let second = try api.send("POST", "\(live.projectPath)/clusters", body: LiveServer.clusterBody(cmekID: key))
        #expect(second.status == 202)
        let secondID = try #require(second["id"]?.stringValue)
        #expect(try live.clusterState(secondID) == "deploying")
        try live.advance(600)
        #expect(try api.get(live.clusterPath(secondID))["cmekId"]?.stringValue == key)

        // 5. Rotate: 204, every cluster on the key redeploys; history shows both resources.
        let newARN = LiveServer.awsARN(n: 2)
        let rotated = try api.send("PUT", "\(live.orgPath)/cmek/\(key)", body: "{\"config\":{\"arn\":\"\(newARN)\"}}")
        #expect(rotated.status == 204)
        #expect(try live.clusterState() == "rebalancing")
        #expect(try live.clusterState(secondID) == "rebalancing")
        try live.advance(420)
        #expect(try live.clusterState() == "healthy")
        #expect(try live.clusterState(secondID) == "healthy")
        let history = try api.get("\(live.orgPath)/cmek/\(key)/history")
        #expect(history.status == 200)
        let entries = try #require(history["data"]?.arrayValue)
        #expect(entries.count == 2)
        #expect(entries[0]["active"] == true)
        #expect(entries[0]["config"]?["arn"]?.stringValue == newARN)
        #expect(entries[1]["active"] == false)
        #expect(entries[1]["config"]?["arn"]?.stringValue == LiveServer.awsARN())
        #expect(entries.allSatisfy { $0["associatedAt"]?.stringValue != nil && $0["associatedBy"]?.stringValue != nil })
        #expect(history["cursor"]?["pages"]?["totalItems"] == 2)

        // 6. Unassociate both clusters, then delete the key.
        #expect(try api.send("DELETE", "\(live.orgPath)/cmek/\(key)").status == 422)
        for id in [live.cluster, secondID] {
            #expect(try api.send("POST", "\(live.clusterPath(id))/cmek/\(key)/unassociate").status == 204)
            #expect(try live.clusterState(id) == "rebalancing")
        }
        try live.advance(420)
        #expect(try api.get(live.clusterPath())["cmekId"] == nil)
        #expect(try live.clusterState() == "healthy")
        #expect(try api.send("DELETE", "\(live.orgPath)/cmek/\(key)").status == 204)
        let gone = try api.get("\(live.orgPath)/cmek/\(key)")
        #expect(gone.status == 404)
        #expect(gone["code"] == 3000)
    }

    @Test func clusterLifecycleStatesAndETags() throws {
        let live = try LiveServer()
        let api = try live.client()
        let created = try api.send("POST", "\(live.projectPath)/clusters", body: LiveServer.clusterBody())
        #expect(created.status == 202)
        #expect(created.json.objectValue?.keys == ["id"])
        let id = try #require(created["id"]?.stringValue)
        let deploying = try api.get(live.clusterPath(id))
        #expect(deploying["currentState"] == "deploying")
        #expect(deploying["connectionString"]?.stringValue?.hasPrefix("couchbases://") == true)
        try live.advance(600)
        #expect(try live.clusterState(id) == "healthy")

        var update = LiveServer.clusterBody(name: "renamed")
        update = update.replacingOccurrences(of: "\"numOfNodes\":3", with: "\"numOfNodes\":5")
        let stale = try api.send("PUT", live.clusterPath(id), body: update, headers: [("If-Match", "Version: 9")])
        #expect(stale.status == 412)
        #expect(stale["code"] == 1012)
        #expect(try api.send("PUT", live.clusterPath(id), body: update, headers: [("If-Match", "Version: 1")]).status == 204)
        let scaling = try api.get(live.clusterPath(id))
        #expect(scaling["currentState"] == "scaling")
        #expect(scaling.headers["etag"] == "Version: 2")
        #expect(scaling["name"] == "renamed")
        #expect(scaling["serviceGroups"]?.arrayValue?.first?["numOfNodes"] == 5)
        // While scaling, a further change is refused and nothing changes.
        #expect(try api.send("PUT", live.clusterPath(id), body: update, headers: [("If-Match", "2")]).status == 422)
        try live.advance(300)
        #expect(try live.clusterState(id) == "healthy")
        // The bare-number If-Match form, as Terraform sends it.
        #expect(try api.send("PUT", live.clusterPath(id), body: update, headers: [("If-Match", "2")]).status == 204)
        try live.advance(300)

        #expect(try api.send("DELETE", live.clusterPath(id)).status == 202)
        #expect(try live.clusterState(id) == "destroying")
        try live.advance(120)
        let gone = try api.get(live.clusterPath(id))
        #expect(gone.status == 404)
        #expect(gone["code"] == 4025)
    }

    @Test func projectsCreateListUpdateDelete() throws {
        let live = try LiveServer()
        let api = try live.client()
        let created = try api.send("POST", "\(live.orgPath)/projects", body: "{\"name\":\"p2\",\"description\":\"d\"}")
        #expect(created.status == 201)
        let id = try #require(created["id"]?.stringValue)
        let project = try api.get("\(live.orgPath)/projects/\(id)")
        #expect(project["name"] == "p2")
        #expect(project.headers["etag"] == "Version: 1")
        #expect(try api.send("PUT", "\(live.orgPath)/projects/\(id)", body: "{\"name\":\"p3\"}", headers: [("If-Match", "Version: 1")]).status == 204)
        #expect(try api.send("PUT", "\(live.orgPath)/projects/\(id)", body: "{\"name\":\"p4\"}", headers: [("If-Match", "Version: 1")]).status == 412)
        #expect(try api.get("\(live.orgPath)/projects/\(id)").headers["etag"] == "Version: 2")
        let list = try api.get("\(live.orgPath)/projects?sortBy=name")
        #expect(list["data"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["Default Project", "p3"])
        // The seeded project still has a cluster.
        #expect(try api.send("DELETE", live.projectPath).status == 409)
        #expect(try api.send("DELETE", "\(live.orgPath)/projects/\(id)").status == 204)
        #expect(try api.get("\(live.orgPath)/projects/\(id)")["code"] == 2000)
    }

    @Test func organizations() throws {
        let live = try LiveServer()
        let api = try live.client()
        let list = try api.get("/v4/organizations")
        #expect(list.status == 200)
        #expect(list["cursor"] == nil)
        #expect(list["data"]?.arrayValue?.first?["id"]?.stringValue == live.org)
        let one = try api.get(live.orgPath)
        #expect(one["preferences"]?["sessionDuration"] == 7200)
        #expect(one.headers["etag"] == "Version: 1")
    }

    @Test func azureProviderAndApplication() throws {
        let live = try LiveServer()
        let api = try live.client()
        let azureKey = "{\"name\":\"az\",\"config\":{\"keyLocation\":\"https://my-vault.vault.azure.net/keys/k1/0123456789abcdef0123456789abcdef\",\"region\":\"eastus\"}}"
        #expect(try api.send("POST", "\(live.orgPath)/cmek", body: azureKey).status == 422)
        #expect(try api.get("\(live.orgPath)/cmekAzureApplication").status == 404)
        #expect(try api.send("PUT", "\(live.orgPath)/cmek/providers", body: "{\"cloudProvider\":\"azure\"}").status == 204)
        let app = try api.get("\(live.orgPath)/cmekAzureApplication")
        #expect(app.status == 200)
        #expect(app["id"]?.stringValue?.count == 36)
        #expect(try api.send("POST", "\(live.orgPath)/cmek", body: azureKey).status == 200)
        for bad in ["\"\"", "\"invalid_provider\"", "true", "123", "[]", "{}", "null"] {
            let refused = try api.send("PUT", "\(live.orgPath)/cmek/providers", body: "{\"cloudProvider\":\(bad)}")
            #expect(refused.status == 422)
            #expect(refused["code"] == 1000)
        }
    }
}
