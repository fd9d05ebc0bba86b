// A Management API key: the bearer token callers present, and what it may do.

public struct APIKey: Sendable, Equatable {
    /// 32 alphanumeric characters.
    public var id: String
    public var organizationID: String
    public var name: String
    public var description: String
    /// The bearer token, compared verbatim.
    public var token: String
    /// Lifetime in days as given at creation (-1 = never expires).
    public var expiryDays: Double
    /// When the key stops working; nil = never.
    public var expiresAt: SimTime?
    public var allowedCIDRs: [String]
    public var organizationRoles: [String]
    public var resources: [ProjectRoleGrant]
    public var audit: Audit

    public init(id: String, organizationID: String, name: String, description: String, token: String,
                expiryDays: Double, expiresAt: SimTime?, allowedCIDRs: [String], organizationRoles: [String],
                resources: [ProjectRoleGrant], audit: Audit) {
        self.id = id
        self.organizationID = organizationID
        self.name = name
        self.description = description
        self.token = token
        self.expiryDays = expiryDays
        self.expiresAt = expiresAt
        self.allowedCIDRs = allowedCIDRs
        self.organizationRoles = organizationRoles
        self.resources = resources
        self.audit = audit
    }
}

/// Roles a key holds on one project.
public struct ProjectRoleGrant: Sendable, Equatable {
    public var type: String
    public var projectID: String
    public var roles: [String]

    public init(type: String = "project", projectID: String, roles: [String]) {
        self.type = type
        self.projectID = projectID
        self.roles = roles
    }
}
