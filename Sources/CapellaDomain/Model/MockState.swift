// Everything the mock knows, as one value. The Store owns the only live copy behind a lock;
// snapshots and resets replace it whole.

public struct MockState: Sendable, Equatable {
    public var organizations: Table<Organization>
    public var apiKeys: Table<APIKey>
    public var projects: Table<Project>
    public var clusters: Table<Cluster>
    public var cmekKeys: Table<CMEKKey>
    /// Key resources (ARN, resource name, key URL) Capella is told it cannot use: the simulated KMS.
    /// By default every well-formed key is accessible.
    public var inaccessibleKeyResources: Set<String> = []
    /// Failures planted for coming transitions, in the order they were added.
    public var transitionFaults: [TransitionFault] = []
    /// Token → API key id, kept in step with `apiKeys` by `addAPIKey`/`removeAPIKey`.
    private var tokenIndex = ShardedDictionary<String>()

    public init(organizations: [Organization] = [], apiKeys: [APIKey] = [], projects: [Project] = [],
                clusters: [Cluster] = [], cmekKeys: [CMEKKey] = []) {
        self.organizations = Table(organizations)
        self.apiKeys = Table()
        self.projects = Table(projects)
        self.clusters = Table(clusters)
        self.cmekKeys = Table(cmekKeys)
        for key in apiKeys { addAPIKey(key) }
    }

    public mutating func addAPIKey(_ key: APIKey) {
        if let old = apiKeys[key.id] { tokenIndex[old.token] = nil }
        apiKeys.insert(key)
        tokenIndex[key.token] = key.id
    }

    public mutating func removeAPIKey(_ id: String) {
        if let old = apiKeys.remove(id) { tokenIndex[old.token] = nil }
    }

    public func apiKey(forToken token: String) -> APIKey? {
        tokenIndex[token].flatMap { apiKeys[$0] }
    }

    /// The earliest deadline among running transitions.
    public var nextDeadline: SimTime? {
        clusters.values.compactMap { $0.transition?.deadline }.min()
    }

    /// Whether the cluster's CMEK key resource is marked unusable in the simulated KMS.
    public func keyIsInaccessible(for cluster: Cluster) -> Bool {
        guard let keyID = cluster.cmekID, let key = cmekKeys[keyID] else { return false }
        return inaccessibleKeyResources.contains(key.config.resource)
    }

    /// Clusters that use (or are being given) the key.
    public func clusters(usingKey keyID: String) -> [Cluster] {
        clusters.values.filter { $0.effectiveCMEKID == keyID }
    }
}
