// Project-level CMEK: Azure only, enabled per project, keys seen only at their project's paths
// and usable only by their project's clusters; the same rules as organization keys otherwise.

import Foundation
import Testing
import MockJSON

@Suite struct ProjectCMEKTests {
    @Test func enablingIsPerProjectAndAzureOnly() throws {
        let live = try LiveServer()
        let api = try live.client()
        #expect(try api.get("\(live.projectPath)/cmekAzureApplication").status == 404)
        for provider in ["aws", "gcp"] {
            let refused = try api.send("PUT", "\(live.projectPath)/cmek/providers", body: "{\"cloudProvider\":\"\(provider)\"}")
            #expect(refused.status == 422)
            #expect(refused["code"] == 1000)
        }
        // The organization's Azure does not enable the project's, and the reverse.
        #expect(try api.send("PUT", "\(live.orgPath)/cmek/providers", body: "{\"cloudProvider\":\"azure\"}").status == 204)
        #expect(try api.get("\(live.projectPath)/cmekAzureApplication").status == 404)
        let other = try api.send("POST", "\(live.orgPath)/projects", body: "{\"name\":\"p2\"}")["id"]!.stringValue!
        #expect(try api.send("PUT", "\(live.orgPath)/projects/\(other)/cmek/providers", body: "{\"cloudProvider\":\"azure\"}").status == 204)
        let projectApp = try api.get("\(live.orgPath)/projects/\(other)/cmekAzureApplication")
        #expect(projectApp.status == 200)
        #expect(try projectApp["id"] != api.get("\(live.orgPath)/cmekAzureApplication")["id"])
        #expect(try api.get("\(live.projectPath)/cmekAzureApplication").status == 404)
    }

    @Test func keysLiveAtTheirProjectsPathsOnly() throws {
        let live = try LiveServer()
        let api = try live.client()
        #expect(try api.send("POST", "\(live.projectPath)/cmek", body: LiveServer.azureKeyBody()).status == 422)
        #expect(try api.send("PUT", "\(live.projectPath)/cmek/providers", body: "{\"cloudProvider\":\"azure\"}").status == 204)
        let aws = try api.send("POST", "\(live.projectPath)/cmek", body: LiveServer.keyBody())
        #expect(aws.status == 422)
        #expect(aws["message"]?.stringValue?.contains("Azure keys only") == true)
        let created = try api.send("POST", "\(live.projectPath)/cmek", body: LiveServer.azureKeyBody())
        #expect(created.status == 200)
        #expect(created.json.objectValue?.keys == ["id"])
        let key = try #require(created["id"]?.stringValue)
        #expect(try api.get("\(live.projectPath)/cmek/\(key)")["config"]?["region"] == "eastus")
        #expect(try api.get("\(live.projectPath)/cmek")["data"]?.arrayValue?.count == 1)
        // Not at the organization's paths, nor another project's.
        #expect(try api.get("\(live.orgPath)/cmek")["cursor"]?["pages"]?["totalItems"] == 0)
        #expect(try api.get("\(live.orgPath)/cmek/\(key)").status == 404)
        let other = try api.send("POST", "\(live.orgPath)/projects", body: "{\"name\":\"p2\"}")["id"]!.stringValue!
        #expect(try api.get("\(live.orgPath)/projects/\(other)/cmek/\(key)").status == 404)
        #expect(try api.get("\(live.orgPath)/projects/\(UUID().uuidString)/cmek")["code"] == 2000)
    }

    @Test func theTutorialAtProjectLevel() throws {
        let live = try LiveServer()
        let api = try live.client()
        #expect(try api.send("PUT", "\(live.projectPath)/cmek/providers", body: "{\"cloudProvider\":\"azure\"}").status == 204)
        let key = try #require(try api.send("POST", "\(live.projectPath)/cmek", body: LiveServer.azureKeyBody())["id"]?.stringValue)
        let cluster = try live.createHealthyCluster(LiveServer.azureClusterBody())
        #expect(try api.send("POST", "\(live.clusterPath(cluster))/cmek/\(key)/associate").status == 204)
        #expect(try live.clusterState(cluster) == "rebalancing")
        try live.advance(420)
        #expect(try api.get(live.clusterPath(cluster))["cmekId"]?.stringValue == key)

        let newVersion = "{\"config\":{\"keyLocation\":\"https://my-vault.vault.azure.net/keys/k1/fedcba9876543210fedcba9876543210\",\"region\":\"eastus\"}}"
        #expect(try api.send("PUT", "\(live.projectPath)/cmek/\(key)", body: newVersion).status == 204)
        #expect(try live.clusterState(cluster) == "rebalancing")
        try live.advance(420)
        #expect(try api.send("PUT", "\(live.projectPath)/cmek/\(key)", body: LiveServer.azureKeyBody()).status == 422)  // within 30 days
        let history = try api.get("\(live.projectPath)/cmek/\(key)/history")["data"]?.arrayValue
        #expect(history?.map { $0["active"] } == [true, false])

        #expect(try api.send("DELETE", "\(live.projectPath)/cmek/\(key)").status == 422)  // in use
        #expect(try api.send("POST", "\(live.clusterPath(cluster))/cmek/\(key)/unassociate").status == 204)
        try live.advance(420)
        #expect(try api.send("DELETE", "\(live.projectPath)/cmek/\(key)").status == 204)
    }

    @Test func aProjectKeyServesOnlyItsProjectsClusters() throws {
        let live = try LiveServer()
        let api = try live.client()
        let other = try api.send("POST", "\(live.orgPath)/projects", body: "{\"name\":\"p2\"}")["id"]!.stringValue!
        #expect(try api.send("PUT", "\(live.orgPath)/projects/\(other)/cmek/providers", body: "{\"cloudProvider\":\"azure\"}").status == 204)
        let foreignKey = try #require(try api.send("POST", "\(live.orgPath)/projects/\(other)/cmek", body: LiveServer.azureKeyBody())["id"]?.stringValue)
        let cluster = try live.createHealthyCluster(LiveServer.azureClusterBody())
        let refused = try api.send("POST", "\(live.clusterPath(cluster))/cmek/\(foreignKey)/associate")
        #expect(refused.status == 422)
        #expect(refused["message"]?.stringValue?.contains("belongs to project \(other)") == true)
        let create = try api.send("POST", "\(live.projectPath)/clusters",
                                  body: LiveServer.azureClusterBody(cidr: "10.41.0.0/23").replacingOccurrences(of: "\"name\":\"azure\"", with: "\"name\":\"x\",\"cmekId\":\"\(foreignKey)\""))
        #expect(create.status == 422)
        #expect(try live.clusterState(cluster) == "healthy")
    }
}
