// Cluster on/off and deletion protection, on the simulated clock.

import Foundation
import Testing
import MockJSON

@Suite struct ActivationTests {
    @Test func offThenOnWithTheStatesBetween() throws {
        let live = try LiveServer()
        let api = try live.client()
        let path = live.clusterPath() + "/activationState"
        let off = try api.send("DELETE", path)
        #expect(off.status == 202)
        #expect(off.body.isEmpty)
        #expect(try live.clusterState() == "turningOff")
        // Mid-transition requests conflict, with the codes Terraform reads as "already done".
        #expect(try api.send("DELETE", path)["code"] == 7011)
        let onWhileTurningOff = try api.send("POST", path, body: "{}")
        #expect(onWhileTurningOff.status == 409)
        #expect(onWhileTurningOff["code"] == 7010)
        try live.advance(180)
        #expect(try live.clusterState() == "turnedOff")
        let again = try api.send("DELETE", path)
        #expect(again.status == 409)
        #expect(again["code"] == 7011)

        #expect(try api.send("POST", path, body: "{\"turnOnLinkedAppService\":true}").status == 202)
        #expect(try live.clusterState() == "turningOn")
        #expect(try api.send("DELETE", path)["code"] == 7011)
        try live.advance(180)
        #expect(try live.clusterState() == "healthy")
        let alreadyOn = try api.send("POST", path)
        #expect(alreadyOn.status == 409)
        #expect(alreadyOn["code"] == 7010)
    }

    @Test(arguments: ["100", "null", "\"abc\"", "1.2", "[true]", "-1"])
    func aNonBooleanTurnOnLinkedAppServiceIs400(value: String) throws {
        let live = try LiveServer()
        let api = try live.client()
        _ = try api.send("DELETE", live.clusterPath() + "/activationState")
        try live.advance(180)
        let response = try api.send("POST", live.clusterPath() + "/activationState", body: "{\"turnOnLinkedAppService\":\(value)}")
        #expect(response.status == 400)
        #expect(response["code"] == 1000)
        #expect(response["message"]?.stringValue?.contains("\"turnOnLinkedAppService\"") == true)
        #expect(try live.clusterState() == "turnedOff")
    }

    @Test func aTurnedOffClusterRefusesCMEKChanges() throws {
        let live = try LiveServer()
        let api = try live.client()
        let key = try live.createKey()
        let other = try live.createKey(LiveServer.keyBody(arn: LiveServer.awsARN(n: 9)))
        #expect(try api.send("POST", "\(live.clusterPath())/cmek/\(key)/associate").status == 204)
        try live.advance(420)
        _ = try api.send("DELETE", live.clusterPath() + "/activationState")
        try live.advance(180)
        for response in [try api.send("POST", "\(live.clusterPath())/cmek/\(key)/unassociate"),
                         try api.send("POST", "\(live.clusterPath())/cmek/\(other)/associate"),
                         try api.send("PUT", "\(live.orgPath)/cmek/\(key)", body: "{\"config\":{\"arn\":\"\(LiveServer.awsARN(n: 3))\"}}")] {
            #expect(response.status == 422)
        }
        #expect(try api.get(live.clusterPath())["cmekId"]?.stringValue == key)
        #expect(try live.clusterState() == "turnedOff")
    }

    @Test func deletionProtection() throws {
        let live = try LiveServer()
        let api = try live.client()
        #expect(try api.get(live.clusterPath())["deletionProtection"] == false)
        #expect(try api.send("PUT", live.clusterPath() + "/deletionProtection", body: "{\"deletionProtection\":true}").status == 204)
        #expect(try api.get(live.clusterPath())["deletionProtection"] == true)
        let refused = try api.send("DELETE", live.clusterPath())
        #expect(refused.status == 422)
        #expect(refused["message"]?.stringValue?.contains("deletion protection") == true)
        #expect(try live.clusterState() == "healthy")
        #expect(try api.send("PUT", live.clusterPath() + "/deletionProtection", body: "{\"deletionProtection\":\"yes\"}").status == 400)
        #expect(try api.send("PUT", live.clusterPath() + "/deletionProtection", body: "{}").status == 422)
        #expect(try api.send("PUT", live.clusterPath() + "/deletionProtection", body: "{\"deletionProtection\":false}").status == 204)
        #expect(try api.send("DELETE", live.clusterPath()).status == 202)
    }
}
