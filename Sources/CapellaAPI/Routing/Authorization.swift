// What a caller may do: its organization must be the one in the path (403 otherwise), and it
// must hold one of the operation's roles, project roles counting on the path's project.

import CapellaDomain

enum Authorization {
    static func check(_ access: Access, caller: APIKey, parameters: PathParameters) throws(CapellaError) {
        if let organizationID = parameters["organizationId"], organizationID != caller.organizationID {
            throw CapellaError.accessDenied
        }
        if !access.organizationRoles.isDisjoint(with: caller.organizationRoles) { return }
        let projectRoles: [String]
        if let projectID = parameters["projectId"] {
            projectRoles = caller.resources.filter { $0.projectID == projectID }.flatMap(\.roles)
        } else {
            projectRoles = caller.resources.flatMap(\.roles)
        }
        if !access.projectRoles.isDisjoint(with: projectRoles) { return }
        throw CapellaError.accessDenied
    }
}

/// What appears in lists for a caller.
enum Visibility {
    static func canSee(project projectID: String, caller: APIKey?) -> Bool {
        guard let caller else { return false }
        if caller.organizationRoles.contains(Role.owner) { return true }
        return caller.resources.contains { $0.projectID == projectID && !$0.roles.isEmpty }
    }
}

/// Path parameters that must be UUIDs: every id in our templates except API key ids.
enum PathIdentifiers {
    /// Checks in path order, so the first malformed id in the URL is the one reported.
    static func validate(_ parameters: PathParameters) throws(CapellaError) -> PathParameters {
        var checked = parameters
        for (name, value) in parameters.pairs where name != "ApiKeyId" {
            guard let canonical = Identifier.canonicalUUID(value) else {
                throw CapellaError.invalidPathID(name: name, value: value)
            }
            if canonical != value { checked[name] = canonical }
        }
        return checked
    }
}
