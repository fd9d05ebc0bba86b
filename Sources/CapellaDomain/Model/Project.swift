// A project groups clusters inside an organization.

public struct Project: Sendable, Equatable {
    public var id: String
    public var organizationID: String
    public var name: String
    public var description: String
    public var audit: Audit

    public init(id: String, organizationID: String, name: String, description: String, audit: Audit) {
        self.id = id
        self.organizationID = organizationID
        self.name = name
        self.description = description
        self.audit = audit
    }
}
