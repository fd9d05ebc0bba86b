// A project groups clusters inside an organization.

public struct Project: Sendable, Equatable {
    public var id: String
    public var organizationID: String
    public var name: String
    public var description: String
    public var audit: Audit
    /// Project-level CMEK is Azure only; enabling it creates the project's own Entra ID
    /// application (independent of the organization's).
    public var azureCMEKEnabled: Bool
    public var azureApplicationID: String?

    public init(id: String, organizationID: String, name: String, description: String, audit: Audit,
                azureCMEKEnabled: Bool = false, azureApplicationID: String? = nil) {
        self.id = id
        self.organizationID = organizationID
        self.name = name
        self.description = description
        self.audit = audit
        self.azureCMEKEnabled = azureCMEKEnabled
        self.azureApplicationID = azureApplicationID
    }
}
