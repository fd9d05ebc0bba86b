// The state capella-mock starts in without a seed file: one organization, its Organization Owner
// API key, a "Default Project" and one healthy Enterprise AWS cluster in us-east-1. No CMEK keys.

public enum BuiltInSeed {
    public struct Identity: Sendable {
        public var organizationID: String
        public var token: String
        public init(organizationID: String, token: String) {
            self.organizationID = organizationID
            self.token = token
        }

        /// A fresh organization id and a token in Capella's format (base64 of "<id>:<secret>").
        public static func generated() -> Identity {
            Identity(organizationID: Identifier.newUUID(),
                     token: Identifier.token(id: Identifier.newAPIKeyID(), secret: Identifier.newAPIKeySecret()))
        }
    }

    public static let ownerKeyName = "Organization Owner (seeded)"

    public static func state(identity: Identity, at now: SimTime) -> MockState {
        let keyID = ownerKeyID(for: identity.token)
        let audit = Audit(by: keyID, at: now)
        let organization = Organization(id: identity.organizationID, name: "capella-mock organization",
                                        description: "The organization capella-mock starts with.",
                                        audit: audit, cloudAccounts: .generate())
        let owner = APIKey(id: keyID, organizationID: identity.organizationID, name: ownerKeyName,
                           description: "Bootstrap key printed at start; holds the Organization Owner role.",
                           token: identity.token, expiryDays: -1, expiresAt: nil, allowedCIDRs: ["0.0.0.0/0"],
                           organizationRoles: ["organizationOwner"], resources: [], audit: audit)
        let project = Project(id: Identifier.newUUID(), organizationID: identity.organizationID,
                              name: "Default Project", description: "", audit: audit)
        let spec = ClusterSpec(
            name: "Default Cluster", description: "An Enterprise cluster ready for CMEK.",
            configurationType: "multiNode", provider: .aws, region: "us-east-1", cidr: "10.0.0.0/23",
            serverVersion: ClusterRules.defaultServerVersion,
            serviceGroups: [ServiceGroup(cpu: 4, ram: 16, disk: Disk(type: "gp3", storage: 50, iops: 3000, autoExpansion: nil),
                                         numOfNodes: 3, services: ["data", "index", "query", "search"])],
            availability: "multi", supportPlan: SupportPlan.enterprise, supportTimezone: "PT", zones: nil,
            enablePrivateDNSResolution: false)
        let cluster = Cluster(id: Identifier.newUUID(), organizationID: identity.organizationID, projectID: project.id,
                              spec: spec,
                              connectionString: "couchbases://cb.\(Identifier.randomLowercase(count: 14)).cloud.couchbase.com",
                              restingState: .healthy, transition: nil, cmekID: nil, audit: audit)
        return MockState(organizations: [organization], apiKeys: [owner], projects: [project], clusters: [cluster])
    }

    /// The key id behind a token: the part before ':' when the token is Capella-shaped
    /// (base64 of "<32-character id>:<secret>"), otherwise a fresh id.
    static func ownerKeyID(for token: String) -> String {
        if let decoded = Base64.decode(token), let colon = decoded.firstIndex(of: UInt8(ascii: ":")), colon == 32 {
            let id = String(decoding: decoded[..<colon], as: UTF8.self)
            if id.allSatisfy({ $0.isASCIILetter || $0.isASCIIDigit }) { return id }
        }
        return Identifier.newAPIKeyID()
    }
}
