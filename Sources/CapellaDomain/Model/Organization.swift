// An organization: the tenant everything else belongs to.

public struct Organization: Sendable, Equatable {
    public var id: String
    public var name: String
    public var description: String
    public var subdomain: String?
    /// Console session length in seconds (Capella's default is 7200).
    public var sessionDuration: Int
    public var audit: Audit
    /// Capella's own cloud accounts, which a customer grants access to their KMS key.
    public var cloudAccounts: CloudAccounts
    /// Providers enabled through `PUT /cmek/providers`. Azure keys need Azure enabled first.
    public var enabledCMEKProviders: Set<CloudProvider>
    /// Client id of the multi-tenant Entra ID application created when Azure CMEK is enabled.
    public var azureApplicationID: String?

    public init(id: String, name: String, description: String, subdomain: String? = nil, sessionDuration: Int = 7200,
                audit: Audit, cloudAccounts: CloudAccounts, enabledCMEKProviders: Set<CloudProvider> = [],
                azureApplicationID: String? = nil) {
        self.id = id
        self.name = name
        self.description = description
        self.subdomain = subdomain
        self.sessionDuration = sessionDuration
        self.audit = audit
        self.cloudAccounts = cloudAccounts
        self.enabledCMEKProviders = enabledCMEKProviders
        self.azureApplicationID = azureApplicationID
    }
}

/// The ids of Capella's accounts in each cloud (what `GET /cloudAccounts` returns).
public struct CloudAccounts: Sendable, Equatable {
    /// A 12-digit AWS account id.
    public var aws: String
    /// A GCP project id.
    public var gcp: String
    /// An Azure subscription id (a UUID).
    public var azure: String

    public init(aws: String, gcp: String, azure: String) {
        self.aws = aws
        self.gcp = gcp
        self.azure = azure
    }

    public static func generate() -> CloudAccounts {
        CloudAccounts(aws: Identifier.randomDigits(count: 12),
                      gcp: "capella-prod-" + Identifier.randomLowercase(count: 8),
                      azure: Identifier.newUUID())
    }
}
