// Customer-managed encryption key metadata: a pointer to a key in the customer's cloud KMS.
// Which clusters use it is not stored here; it is derived from the clusters' `cmekId`. A key
// belongs to the organization, or (Azure only) to one project.

public struct CMEKKey: Sendable, Equatable {
    public var id: String
    public var organizationID: String
    /// Set for a project-level (Azure) key: only that project's clusters may use it.
    public var projectID: String?
    public var name: String
    public var description: String
    /// The current key resource.
    public var config: KeyConfig
    /// Every key resource this metadata has pointed at, oldest first; the last one is active.
    public var history: [KeyHistoryEntry]
    /// When the key was last rotated; rotation is allowed once per 30 days.
    public var lastRotatedAt: SimTime?
    public var audit: Audit

    public init(id: String, organizationID: String, projectID: String? = nil, name: String, description: String,
                config: KeyConfig, history: [KeyHistoryEntry], lastRotatedAt: SimTime?, audit: Audit) {
        self.id = id
        self.organizationID = organizationID
        self.projectID = projectID
        self.name = name
        self.description = description
        self.config = config
        self.history = history
        self.lastRotatedAt = lastRotatedAt
        self.audit = audit
    }
}

/// One key resource in a key's rotation history.
public struct KeyHistoryEntry: Sendable, Equatable {
    public var config: KeyConfig
    public var associatedAt: SimTime
    /// The API key id that registered or rotated to this resource.
    public var associatedBy: String

    public init(config: KeyConfig, associatedAt: SimTime, associatedBy: String) {
        self.config = config
        self.associatedAt = associatedAt
        self.associatedBy = associatedBy
    }
}
