// Where CMEK key metadata lives: the organization's keys (/v4/organizations/{org}/cmek) or one
// project's Azure keys (/v4/organizations/{org}/projects/{project}/cmek). Each path sees only
// its own keys.

public enum KeyScope: Sendable, Equatable {
    case organization
    case project(String)

    var projectID: String? {
        if case .project(let id) = self { return id }
        return nil
    }
}
