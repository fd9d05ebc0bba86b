// One operation: method + template, its spec operationId, who may call it, and its handler.

import CapellaDomain
import MockHTTP

struct Route: Sendable {
    let method: String
    let template: String
    let operationID: String
    let access: Access
    let handler: @Sendable (RequestContext) throws -> HTTPResponse

    init(_ method: String, _ template: String, _ operationID: String, _ access: Access,
         _ handler: @escaping @Sendable (RequestContext) throws -> HTTPResponse) {
        self.method = method
        self.template = template
        self.operationID = operationID
        self.access = access
        self.handler = handler
    }
}

/// Who may call an operation: the spec's `x-roles`. Project roles count on the project named in
/// the path, or on any project for organization-wide operations (whose lists are then filtered).
struct Access: Sendable {
    /// Admin routes: no token at all.
    var isPublic = false
    var organizationRoles: Set<String> = []
    var projectRoles: Set<String> = []

    static let admin = Access(isPublic: true)

    static func roles(_ organization: Set<String>, project: Set<String> = []) -> Access {
        Access(organizationRoles: organization, projectRoles: project)
    }
}

enum Role {
    static let owner = "organizationOwner"
    static let member = "organizationMember"
    static let projectCreator = "projectCreator"
    static let projectOwner = "projectOwner"
    static let projectManager = "projectManager"
    static let projectViewer = "projectViewer"
    static let dataReaderWriter = "projectDataReaderWriter"
    static let dataReader = "projectDataReader"

    static let organizationRoles: Set<String> = [owner, member, projectCreator]
    static let projectRoles: Set<String> = [projectOwner, projectManager, projectViewer, dataReaderWriter, dataReader]
    static let allProjectRoles = projectRoles
}
