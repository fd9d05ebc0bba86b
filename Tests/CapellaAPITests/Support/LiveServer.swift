// A real capella-mock server in the test process: real sockets on 127.0.0.1, port 0, and a frozen
// clock that only `advance` moves, so every run sees the same states.

import Foundation
@testable import CapellaAPI
@testable import CapellaDomain
import MockHTTP
import MockJSON

final class LiveServer: @unchecked Sendable {
    static let token = "test-owner-token"

    let server: HTTPServer
    let environment: AppEnvironment
    let port: Int
    let org: String
    /// The seeded project and its healthy Enterprise AWS cluster in us-east-1.
    let project: String
    let cluster: String

    init(configure: (inout Options) -> Void = { _ in }) throws {
        var options = Options()
        options.port = 0
        options.timeScale = 0
        options.token = Self.token
        options.logLevel = .error
        configure(&options)
        let running = try CapellaMockMain.makeServer(options)
        server = running.server
        environment = running.environment
        port = try server.start()
        environment.boundPort = port
        org = running.start.organizationID
        let state = environment.store.export().contents.state
        project = state.projects.values[0].id
        cluster = state.clusters.values[0].id
    }

    deinit {
        let done = DispatchSemaphore(value: 0)
        server.shutdown { done.signal() }
        done.wait()
    }

    func client(token: String? = LiveServer.token) throws -> TestClient {
        try TestClient(port: port, token: token)
    }

    /// Moves simulated time through the admin API, as a test suite would.
    func advance(_ seconds: Double) throws {
        let response = try client().send("POST", "/_mock/clock/advance", body: "{\"seconds\": \(seconds)}")
        precondition(response.status == 200, "advance failed: \(response.status) \(response.text)")
    }

    // Paths
    var orgPath: String { "/v4/organizations/\(org)" }
    var projectPath: String { "\(orgPath)/projects/\(project)" }
    func clusterPath(_ id: String? = nil) -> String { "\(projectPath)/clusters/\(id ?? cluster)" }

    static func awsARN(region: String = "us-east-1", n: Int = 1) -> String {
        "arn:aws:kms:\(region):123456789012:key/\(String(format: "%08d", n))-1111-2222-3333-444444444444"
    }

    static func keyBody(name: String = "my key", arn: String = awsARN()) -> String {
        "{\"name\":\"\(name)\",\"description\":\"test key\",\"config\":{\"arn\":\"\(arn)\"}}"
    }

    /// Registers a key and returns its id.
    func createKey(_ body: String = LiveServer.keyBody()) throws -> String {
        let response = try client().send("POST", "\(orgPath)/cmek", body: body)
        precondition(response.status == 200, "create key failed: \(response.status) \(response.text)")
        return response["id"]!.stringValue!
    }

    static func clusterBody(name: String = "second", region: String = "us-east-1", cidr: String = "10.20.0.0/23",
                            plan: String = "enterprise", cmekID: String? = nil) -> String {
        let key = cmekID.map { ",\"cmekId\":\"\($0)\"" } ?? ""
        return """
            {"name":"\(name)","description":"","cloudProvider":{"type":"aws","region":"\(region)","cidr":"\(cidr)"},\
            "couchbaseServer":{"version":"7.6"},\
            "serviceGroups":[{"node":{"compute":{"cpu":4,"ram":16},"disk":{"storage":50,"type":"gp3","iops":3000}},\
            "numOfNodes":3,"services":["data","query","index"]}],\
            "availability":{"type":"single"},"support":{"plan":"\(plan)","timezone":"PT"}\(key)}
            """
    }

    /// An Enterprise Azure cluster in eastus.
    static func azureClusterBody(name: String = "azure", cidr: String = "10.40.0.0/23") -> String {
        "{\"name\":\"\(name)\",\"description\":\"\",\"cloudProvider\":{\"type\":\"azure\",\"region\":\"eastus\",\"cidr\":\"\(cidr)\"},"
            + "\"serviceGroups\":[{\"node\":{\"compute\":{\"cpu\":4,\"ram\":16},\"disk\":{\"type\":\"P6\"}},"
            + "\"numOfNodes\":3,\"services\":[\"data\"]}],"
            + "\"availability\":{\"type\":\"single\"},\"support\":{\"plan\":\"enterprise\",\"timezone\":\"ET\"}}"
    }

    static func azureKeyBody(name: String = "azure key", version: String = "0123456789abcdef0123456789abcdef") -> String {
        "{\"name\":\"\(name)\",\"config\":{\"keyLocation\":\"https://my-vault.vault.azure.net/keys/k1/\(version)\",\"region\":\"eastus\"}}"
    }

    /// Creates a cluster, lets it deploy, and returns its id.
    func createHealthyCluster(_ body: String) throws -> String {
        let response = try client().send("POST", "\(projectPath)/clusters", body: body)
        precondition(response.status == 202, "create cluster failed: \(response.status) \(response.text)")
        try advance(600)
        return response["id"]!.stringValue!
    }

    func clusterState(_ id: String? = nil) throws -> String? {
        try client().get(clusterPath(id))["currentState"]?.stringValue
    }
}
