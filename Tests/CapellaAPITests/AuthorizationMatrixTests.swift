// Every operation, called with a key of each role — on the operation's own project and on another
// project — must succeed (2xx) exactly when the spec's x-roles allow it, and give 403/1002
// otherwise. The expectations here are written from the spec, independently of RouteTable.

import Foundation
import Testing
import MockJSON
@testable import CapellaAPI

/// Who is calling: an organization role, or organizationMember plus one project role on the
/// operation's project ("own") or on another project ("other").
enum Caller: CustomStringConvertible, Sendable, CaseIterable {
    case owner, member, creator
    case project(String, own: Bool)

    static let projectRoles = ["projectOwner", "projectManager", "projectViewer", "projectDataReaderWriter", "projectDataReader"]

    static var allCases: [Caller] {
        [.owner, .member, .creator] + projectRoles.flatMap { [Caller.project($0, own: true), .project($0, own: false)] }
    }

    var description: String {
        switch self {
        case .owner: return "organizationOwner"
        case .member: return "organizationMember"
        case .creator: return "projectCreator"
        case .project(let role, let own): return "\(role)@\(own ? "own" : "other")"
        }
    }
}

/// The resources an operation acts on, made fresh (by the owner) for every call.
struct Target {
    var project: String
    var path: String
    var body: String?
}

struct OperationCase: CustomStringConvertible, Sendable {
    let name: String
    let method: String
    /// Which callers the spec allows.
    let allowed: @Sendable (Caller) -> Bool
    let setup: @Sendable (LiveServer) throws -> Target
    var description: String { name }
}

// Allowed-caller rules, as x-roles state them.
private let everyone: @Sendable (Caller) -> Bool = { _ in true }
private let ownerOnly: @Sendable (Caller) -> Bool = { if case .owner = $0 { return true } else { return false } }
/// Organization Owner or Organization Member: every key with project roles also holds
/// organizationMember, so only the projectCreator-only key is refused.
private let ownerOrMember: @Sendable (Caller) -> Bool = { if case .creator = $0 { return false } else { return true } }
private func projectRoles(_ roles: Set<String>, anyProject: Bool = false) -> @Sendable (Caller) -> Bool {
    { caller in
        switch caller {
        case .owner: return true
        case .member, .creator: return false
        case .project(let role, let own): return roles.contains(role) && (own || anyProject)
        }
    }
}
private let allProjectRoles = Set(Caller.projectRoles)
private let clusterWriters: Set<String> = ["projectOwner", "projectManager"]

// Fresh resources for one call, made by the owner.
private func freshKey(_ live: LiveServer, _ n: Int = Int.random(in: 1000...99_999)) throws -> String {
    try live.createKey(LiveServer.keyBody(arn: LiveServer.awsARN(n: n)))
}
private func freshCIDR() -> String { "10.\(Int.random(in: 30...250)).\(2 * Int.random(in: 0...127)).0/23" }
private func healthyCluster(_ live: LiveServer) throws -> String {
    try live.createHealthyCluster(LiveServer.clusterBody(cidr: freshCIDR()))
}
/// A project-scoped key (organizationMember + projectViewer on the seeded project).
private func projectKey(_ live: LiveServer) throws -> String {
    let body = "{\"name\":\"target\",\"organizationRoles\":[\"organizationMember\"],\"resources\":[{\"id\":\"\(live.project)\",\"roles\":[\"projectViewer\"]}]}"
    return try live.client().send("POST", "\(live.orgPath)/apikeys", body: body)["id"]!.stringValue!
}

private func enableProjectAzure(_ live: LiveServer) throws {
    _ = try live.client().send("PUT", "\(live.projectPath)/cmek/providers", body: "{\"cloudProvider\":\"azure\"}")
}
/// A fresh Azure key in the seeded project (the version digits vary so keys differ).
private func projectAzureKey(_ live: LiveServer) throws -> String {
    try enableProjectAzure(live)
    let version = String(format: "%032x", Int.random(in: 1...Int.max))
    return try live.client().send("POST", "\(live.projectPath)/cmek", body: LiveServer.azureKeyBody(version: version))["id"]!.stringValue!
}

let operationCases: [OperationCase] = {
    return [
        OperationCase(name: "listOrganizations", method: "GET", allowed: everyone) { live in
            Target(project: live.project, path: "/v4/organizations")
        },
        OperationCase(name: "getOrganizationByID", method: "GET", allowed: everyone) { live in
            Target(project: live.project, path: live.orgPath)
        },
        OperationCase(name: "postProject", method: "POST", allowed: { if case .owner = $0 { return true }; if case .creator = $0 { return true }; return false }) { live in
            Target(project: live.project, path: "\(live.orgPath)/projects", body: "{\"name\":\"new\"}")
        },
        OperationCase(name: "listProjects", method: "GET", allowed: projectRoles(allProjectRoles, anyProject: true)) { live in
            Target(project: live.project, path: "\(live.orgPath)/projects")
        },
        OperationCase(name: "getProjectByID", method: "GET", allowed: projectRoles(allProjectRoles)) { live in
            Target(project: live.project, path: live.projectPath)
        },
        OperationCase(name: "putProject", method: "PUT", allowed: projectRoles(["projectOwner"])) { live in
            Target(project: live.project, path: live.projectPath, body: "{\"name\":\"renamed\"}")
        },
        OperationCase(name: "deleteProjectByID", method: "DELETE", allowed: projectRoles(["projectOwner"])) { live in
            let empty = try live.client().send("POST", "\(live.orgPath)/projects", body: "{\"name\":\"empty\"}")["id"]!.stringValue!
            return Target(project: empty, path: "\(live.orgPath)/projects/\(empty)")
        },
        OperationCase(name: "postCluster", method: "POST", allowed: projectRoles(clusterWriters)) { live in
            Target(project: live.project, path: "\(live.projectPath)/clusters", body: LiveServer.clusterBody(cidr: freshCIDR()))
        },
        OperationCase(name: "listClusters", method: "GET", allowed: projectRoles(allProjectRoles)) { live in
            Target(project: live.project, path: "\(live.projectPath)/clusters")
        },
        OperationCase(name: "getCluster", method: "GET", allowed: projectRoles(allProjectRoles)) { live in
            Target(project: live.project, path: live.clusterPath())
        },
        OperationCase(name: "putCluster", method: "PUT", allowed: projectRoles(clusterWriters)) { live in
            Target(project: live.project, path: live.clusterPath(try healthyCluster(live)), body: LiveServer.clusterBody(name: "scaled"))
        },
        OperationCase(name: "deleteCluster", method: "DELETE", allowed: projectRoles(clusterWriters)) { live in
            Target(project: live.project, path: live.clusterPath(try healthyCluster(live)))
        },
        OperationCase(name: "clusterOff", method: "DELETE", allowed: projectRoles(clusterWriters)) { live in
            Target(project: live.project, path: live.clusterPath(try healthyCluster(live)) + "/activationState")
        },
        OperationCase(name: "clusterOn", method: "POST", allowed: projectRoles(clusterWriters)) { live in
            let cluster = try healthyCluster(live)
            _ = try live.client().send("DELETE", live.clusterPath(cluster) + "/activationState")
            try live.advance(180)
            return Target(project: live.project, path: live.clusterPath(cluster) + "/activationState",
                          body: "{\"turnOnLinkedAppService\":false}")
        },
        OperationCase(name: "putClusterDeletionProtection", method: "PUT", allowed: projectRoles(clusterWriters)) { live in
            Target(project: live.project, path: live.clusterPath() + "/deletionProtection", body: "{\"deletionProtection\":true}")
        },
        OperationCase(name: "getCloudAccounts", method: "GET", allowed: everyone) { live in
            Target(project: live.project, path: "\(live.orgPath)/cloudAccounts")
        },
        OperationCase(name: "postCMEKMetadata", method: "POST", allowed: ownerOnly) { live in
            Target(project: live.project, path: "\(live.orgPath)/cmek", body: LiveServer.keyBody(arn: LiveServer.awsARN(n: Int.random(in: 1...99_999))))
        },
        OperationCase(name: "getKeyMetadataList", method: "GET", allowed: ownerOrMember) { live in
            Target(project: live.project, path: "\(live.orgPath)/cmek")
        },
        OperationCase(name: "getKeyMetadata", method: "GET", allowed: ownerOrMember) { live in
            Target(project: live.project, path: "\(live.orgPath)/cmek/\(try freshKey(live))")
        },
        OperationCase(name: "rotateCMEKKey", method: "PUT", allowed: ownerOnly) { live in
            Target(project: live.project, path: "\(live.orgPath)/cmek/\(try freshKey(live, 1))",
                   body: "{\"config\":{\"arn\":\"\(LiveServer.awsARN(n: 2))\"}}")
        },
        OperationCase(name: "deleteKeyMetadata", method: "DELETE", allowed: ownerOnly) { live in
            Target(project: live.project, path: "\(live.orgPath)/cmek/\(try freshKey(live))")
        },
        OperationCase(name: "listCMEKHistory", method: "GET", allowed: ownerOrMember) { live in
            Target(project: live.project, path: "\(live.orgPath)/cmek/\(try freshKey(live))/history")
        },
        OperationCase(name: "enableCMEK", method: "PUT", allowed: ownerOnly) { live in
            Target(project: live.project, path: "\(live.orgPath)/cmek/providers", body: "{\"cloudProvider\":\"azure\"}")
        },
        OperationCase(name: "getAzureApplicationID", method: "GET", allowed: ownerOrMember) { live in
            _ = try live.client().send("PUT", "\(live.orgPath)/cmek/providers", body: "{\"cloudProvider\":\"azure\"}")
            return Target(project: live.project, path: "\(live.orgPath)/cmekAzureApplication")
        },
        // Project-level (Azure) CMEK: owner, or project owner/manager of that project.
        OperationCase(name: "enableCMEKAzureProject", method: "PUT", allowed: projectRoles(clusterWriters)) { live in
            Target(project: live.project, path: "\(live.projectPath)/cmek/providers", body: "{\"cloudProvider\":\"azure\"}")
        },
        OperationCase(name: "getAzureApplicationIDForProject", method: "GET", allowed: projectRoles(clusterWriters)) { live in
            try enableProjectAzure(live)
            return Target(project: live.project, path: "\(live.projectPath)/cmekAzureApplication")
        },
        OperationCase(name: "postCMEKAzureMetadataForProject", method: "POST", allowed: projectRoles(clusterWriters)) { live in
            try enableProjectAzure(live)
            return Target(project: live.project, path: "\(live.projectPath)/cmek", body: LiveServer.azureKeyBody())
        },
        OperationCase(name: "getAzureKeyMetadataListForProject", method: "GET", allowed: projectRoles(clusterWriters)) { live in
            Target(project: live.project, path: "\(live.projectPath)/cmek")
        },
        OperationCase(name: "getAzureKeyMetadataForProject", method: "GET", allowed: projectRoles(clusterWriters)) { live in
            Target(project: live.project, path: "\(live.projectPath)/cmek/\(try projectAzureKey(live))")
        },
        OperationCase(name: "rotateAzureKeyMetadataForProject", method: "PUT", allowed: projectRoles(clusterWriters)) { live in
            let rotate = "{\"config\":{\"keyLocation\":\"https://my-vault.vault.azure.net/keys/k1/fedcba9876543210fedcba9876543210\",\"region\":\"eastus\"}}"
            return Target(project: live.project, path: "\(live.projectPath)/cmek/\(try projectAzureKey(live))", body: rotate)
        },
        OperationCase(name: "deleteAzureKeyMetadataForProject", method: "DELETE", allowed: projectRoles(clusterWriters)) { live in
            Target(project: live.project, path: "\(live.projectPath)/cmek/\(try projectAzureKey(live))")
        },
        OperationCase(name: "listAzureKeyHistoryForProject", method: "GET", allowed: projectRoles(clusterWriters)) { live in
            Target(project: live.project, path: "\(live.projectPath)/cmek/\(try projectAzureKey(live))/history")
        },
        OperationCase(name: "AssociateCMEK", method: "POST", allowed: projectRoles(clusterWriters)) { live in
            let cluster = try healthyCluster(live)
            return Target(project: live.project, path: "\(live.clusterPath(cluster))/cmek/\(try freshKey(live))/associate")
        },
        OperationCase(name: "UnassociateCMEK", method: "POST", allowed: projectRoles(clusterWriters)) { live in
            let cluster = try healthyCluster(live)
            let keyID = try freshKey(live)
            _ = try live.client().send("POST", "\(live.clusterPath(cluster))/cmek/\(keyID)/associate")
            try live.advance(420)
            return Target(project: live.project, path: "\(live.clusterPath(cluster))/cmek/\(keyID)/unassociate")
        },
        // API keys: non-owners reach only project keys on projects they own.
        OperationCase(name: "postOrganizationAPIKeys", method: "POST", allowed: projectRoles(["projectOwner"])) { live in
            Target(project: live.project, path: "\(live.orgPath)/apikeys",
                   body: "{\"name\":\"minted\",\"organizationRoles\":[\"organizationMember\"],\"resources\":[{\"id\":\"\(live.project)\",\"roles\":[\"projectViewer\"]}]}")
        },
        OperationCase(name: "listOrganizationAPIKeys", method: "GET", allowed: everyone) { live in
            Target(project: live.project, path: "\(live.orgPath)/apikeys")
        },
        OperationCase(name: "getOrganizationAPIKeyByAccessKey", method: "GET", allowed: projectRoles(["projectOwner"])) { live in
            Target(project: live.project, path: "\(live.orgPath)/apikeys/\(try projectKey(live))")
        },
        OperationCase(name: "deleteOrganizationAPIKey", method: "DELETE", allowed: projectRoles(["projectOwner"])) { live in
            Target(project: live.project, path: "\(live.orgPath)/apikeys/\(try projectKey(live))")
        },
        OperationCase(name: "postOrganizationAPIKeyRotate", method: "POST", allowed: projectRoles(["projectOwner"])) { live in
            Target(project: live.project, path: "\(live.orgPath)/apikeys/\(try projectKey(live))/rotate")
        },
    ]
}()

@Suite struct AuthorizationMatrixTests {
    /// Mints (as the owner) a key for `caller` whose project roles point at `project`.
    static func token(for caller: Caller, project: String, other: String, live: LiveServer) throws -> String {
        let body: String
        switch caller {
        case .owner: body = "{\"name\":\"o\",\"organizationRoles\":[\"organizationOwner\"]}"
        case .member: body = "{\"name\":\"m\",\"organizationRoles\":[\"organizationMember\"]}"
        case .creator: body = "{\"name\":\"c\",\"organizationRoles\":[\"projectCreator\"]}"
        case .project(let role, let own):
            body = "{\"name\":\"p\",\"organizationRoles\":[\"organizationMember\"],\"resources\":[{\"type\":\"project\",\"id\":\"\(own ? project : other)\",\"roles\":[\"\(role)\"]}]}"
        }
        let response = try live.client().send("POST", "\(live.orgPath)/apikeys", body: body)
        precondition(response.status == 201, "minting \(caller) failed: \(response.text)")
        return response["token"]!.stringValue!
    }

    @Test(arguments: operationCases)
    func everyRoleGetsSuccessOr403(operation: OperationCase) throws {
        let live = try LiveServer()
        let other = try live.client().send("POST", "\(live.orgPath)/projects", body: "{\"name\":\"other\"}")["id"]!.stringValue!
        for caller in Caller.allCases {
            let target = try operation.setup(live)
            let token = try Self.token(for: caller, project: target.project, other: other, live: live)
            let response = try live.client(token: token).send(operation.method, target.path, body: target.body)
            if operation.allowed(caller) {
                #expect((200..<300).contains(response.status), "\(operation.name) as \(caller): \(response.status) \(response.text)")
            } else {
                #expect(response.status == 403, "\(operation.name) as \(caller): \(response.status) \(response.text)")
                #expect(response["code"] == 1002)
            }
        }
    }

    @Test func everyRouteIsInTheMatrix() {
        let covered = Set(operationCases.map(\.name))
        let routed = Set(RouteTable.v4.map(\.operationID))
        #expect(covered == routed)
    }
}
