// Snapshots over the admin API, seed files, and the state file that survives restarts.

import Foundation
import Testing
import MockJSON

@Suite struct SnapshotAPITests {
    @Test func exportResetImportExportIsIdentical() throws {
        let live = try LiveServer()
        let api = try live.client()
        let admin = try live.client(token: nil)
        // A state with a bit of everything, one transition still running.
        let key = try live.createKey()
        _ = try api.send("POST", "\(live.orgPath)/apikeys", body: "{\"name\":\"m\",\"organizationRoles\":[\"organizationMember\"],\"expiry\":3}")
        _ = try api.send("PUT", "\(live.orgPath)/cmek/providers", body: "{\"cloudProvider\":\"azure\"}")
        #expect(try api.send("POST", "\(live.clusterPath())/cmek/\(key)/associate").status == 204)
        _ = try admin.send("PUT", "/_mock/kms/keys", body: "{\"key\":\"\(LiveServer.awsARN(n: 9))\",\"accessible\":false}")
        _ = try admin.send("POST", "/_mock/faults", body: "{\"cluster\":\"*\",\"outcome\":\"scaleFailed\"}")
        try live.advance(100)

        let exported = try admin.get("/_mock/state")
        #expect(exported.status == 200)
        #expect(exported["version"] == 1)
        #expect(exported["clusters"]?.arrayValue?.first?["transition"]?["kind"] == "cmekRedeploy")
        #expect(try admin.send("POST", "/_mock/reset").status == 204)
        #expect(try api.get("\(live.orgPath)/cmek")["cursor"]?["pages"]?["totalItems"] == 0)
        #expect(try admin.send("PUT", "/_mock/state", body: exported.text).status == 204)
        let again = try admin.get("/_mock/state")
        #expect(again.text == exported.text)
        // And the world carries on from there: the redeploy finishes 320 s later.
        try live.advance(320)
        #expect(try api.get(live.clusterPath())["cmekId"]?.stringValue == key)
    }

    @Test func aBadSnapshotIs400AndTheOldStateStays() throws {
        let live = try LiveServer()
        let admin = try live.client(token: nil)
        _ = try live.createKey()
        let before = try admin.get("/_mock/state").text
        var broken = try JSONParser.parse(before).objectValue!
        var clusters = broken["clusters"]!.arrayValue!
        var first = clusters[0].objectValue!
        first["projectId"] = .string(UUID().uuidString.lowercased())
        clusters[0] = .object(first)
        broken["clusters"] = .array(clusters)
        let refused = try admin.send("PUT", "/_mock/state", body: JSONWriter.string(.object(broken)))
        #expect(refused.status == 400)
        #expect(refused["message"]?.stringValue?.contains("clusters[0].projectId") == true)
        for bad in ["", "[]", "{\"version\":2}", "{\"version\":1}"] {
            let response = try admin.send("PUT", "/_mock/state", body: bad)
            #expect(response.status == 400, "\(bad)")
        }
        #expect(try admin.get("/_mock/state").text == before)
        #expect(try live.client().get("\(live.orgPath)/cmek")["cursor"]?["pages"]?["totalItems"] == 1)
    }
}

@Suite struct SeedAndStateFileTests {
    func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("capella-mock-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A snapshot from a live server with one registered key.
    func seedDocument() throws -> (text: String, org: String, token: String) {
        let live = try LiveServer()
        _ = try live.createKey(LiveServer.keyBody(name: "seeded key"))
        return (try live.client(token: nil).get("/_mock/state").text, live.org, LiveServer.token)
    }

    @Test func aSeedFileIsTheStartAndWhatResetReturnsTo() throws {
        let folder = try temporaryFolder()
        let seed = try seedDocument()
        let file = folder.appendingPathComponent("seed.json")
        try seed.text.write(to: file, atomically: true, encoding: .utf8)
        let mock = try MockProcess(["--port", "0", "--time-scale", "0", "--seed", file.path])
        let banner = mock.readBanner()
        #expect(banner.dropFirst().first == "organization id: \(seed.org)")
        #expect(banner.last == "token: \(seed.token)")
        let api = try TestClient(port: try #require(mock.port), token: seed.token)
        let keys = try api.get("/v4/organizations/\(seed.org)/cmek")
        #expect(keys["data"]?.arrayValue?.first?["name"] == "seeded key")
        _ = try api.send("DELETE", "/v4/organizations/\(seed.org)/cmek/\(keys["data"]!.arrayValue!.first!["id"]!.stringValue!)")
        #expect(try api.get("/v4/organizations/\(seed.org)/cmek")["cursor"]?["pages"]?["totalItems"] == 0)
        #expect(try api.send("POST", "/_mock/reset").status == 204)
        #expect(try api.get("/v4/organizations/\(seed.org)/cmek")["cursor"]?["pages"]?["totalItems"] == 1)
        #expect(mock.stop() == 0)
    }

    @Test func tokenReplacesTheSeedOwnersTokenAndABadSeedStopsTheStart() throws {
        let folder = try temporaryFolder()
        let seed = try seedDocument()
        let file = folder.appendingPathComponent("seed.json")
        try seed.text.write(to: file, atomically: true, encoding: .utf8)
        let mock = try MockProcess(["--port", "0", "--seed", file.path, "--token", "override"])
        #expect(mock.readBanner().last == "token: override")
        #expect(try TestClient(port: try #require(mock.port), token: "override").get("/v4/organizations/\(seed.org)").status == 200)
        #expect(mock.stop() == 0)

        let mismatch = try MockProcess(["--seed", file.path, "--org-id", UUID().uuidString]).waitForExit()
        #expect(mismatch.status == 2)
        #expect(mismatch.stderr.contains("does not match"))

        let broken = folder.appendingPathComponent("broken.json")
        try seed.text.replacingOccurrences(of: "\"version\": 1", with: "\"version\": 7").write(to: broken, atomically: true, encoding: .utf8)
        let refused = try MockProcess(["--seed", broken.path]).waitForExit()
        #expect(refused.status == 2)
        #expect(refused.stderr.split(separator: "\n").count == 1)
        #expect(refused.stderr.contains("--seed \(broken.path): snapshot: version"))
        #expect(try MockProcess(["--seed", folder.appendingPathComponent("missing.json").path]).waitForExit().status == 2)
    }

    @Test func theStateFileSurvivesRestartsEvenAfterSIGKILL() throws {
        let folder = try temporaryFolder()
        let file = folder.appendingPathComponent("state.json")
        let first = try MockProcess(["--port", "0", "--time-scale", "0", "--state-file", file.path])
        let banner = first.readBanner()
        let org = try #require(banner.dropFirst().first?.split(separator: " ").last.map(String.init))
        let token = try #require(banner.last?.split(separator: " ").last.map(String.init))
        let api = try TestClient(port: try #require(first.port), token: token)
        let created = try api.send("POST", "/v4/organizations/\(org)/cmek", body: LiveServer.keyBody(name: "kept"))
        #expect(created.status == 200)
        // No graceful stop: what was answered is already on disk.
        #expect(first.stop(signal: SIGKILL) != 0)

        // A crash mid-write leaves at most a torn temporary file beside the real one.
        try Data("{\"version\": 1, \"clo".utf8).write(to: folder.appendingPathComponent("state.json.tmp-99999"))
        let second = try MockProcess(["--port", "0", "--time-scale", "0", "--state-file", file.path])
        let secondBanner = second.readBanner()
        #expect(secondBanner.dropFirst().first == "organization id: \(org)")
        #expect(secondBanner.last == "token: \(token)")
        let again = try TestClient(port: try #require(second.port), token: token)
        let keys = try again.get("/v4/organizations/\(org)/cmek")
        #expect(keys["data"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["kept"])
        #expect(second.stop() == 0)
        // The file on disk is always a whole snapshot.
        let saved = try JSONParser.parse(Array(try Data(contentsOf: file)))
        #expect(saved["version"] == 1)
    }

    @Test func anUnreadableStateFileStopsTheStartWithoutTouchingIt() throws {
        let folder = try temporaryFolder()
        let file = folder.appendingPathComponent("state.json")
        try Data("not a snapshot".utf8).write(to: file)
        let result = try MockProcess(["--state-file", file.path]).waitForExit()
        #expect(result.status == 1)
        #expect(result.stderr.contains("--state-file \(file.path): snapshot:"))
        #expect(try String(contentsOf: file, encoding: .utf8) == "not a snapshot")
    }
}
