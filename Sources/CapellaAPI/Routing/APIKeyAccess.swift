// Who may act on which API key, beyond the route's roles: an Organization Owner on any key;
// anyone else only on "project keys they own": keys whose only organization role is
// organizationMember and whose every project is one the caller holds projectOwner on.

import CapellaDomain

enum APIKeyAccess {
    static func isOwner(_ caller: APIKey) -> Bool {
        caller.organizationRoles.contains(Role.owner)
    }

    static func canManage(_ target: APIKey, caller: APIKey) -> Bool {
        isOwner(caller) || isOwnedProjectKey(organizationRoles: target.organizationRoles, resources: target.resources, by: caller)
    }

    static func canCreate(_ request: ValidAPIKeyRequest, caller: APIKey) -> Bool {
        isOwner(caller) || isOwnedProjectKey(organizationRoles: request.organizationRoles, resources: request.resources, by: caller)
    }

    private static func isOwnedProjectKey(organizationRoles: [String], resources: [ProjectRoleGrant], by caller: APIKey) -> Bool {
        let owned = Set(caller.resources.filter { $0.roles.contains(Role.projectOwner) }.map(\.projectID))
        return Set(organizationRoles).isSubset(of: [Role.member]) && !resources.isEmpty
            && resources.allSatisfy { owned.contains($0.projectID) }
    }
}
