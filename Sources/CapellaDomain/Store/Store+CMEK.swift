// CMEK operations: register, rotate and delete key metadata; enable providers; associate a key
// with a cluster and take it away again. Every change to a cluster's encryption is a redeploy
// (`rebalancing` for the CMEK redeploy duration).

/// One row of a key's rotation history.
public struct KeyHistoryRow: Sendable, Equatable {
    public var entry: KeyHistoryEntry
    public var active: Bool
}

extension Store {
    public func cloudAccounts(organizationID: String) throws(CapellaError) -> CloudAccounts {
        try read { state, _ throws(CapellaError) in try state.organization(organizationID).cloudAccounts }
    }

    public func createKey(organizationID: String, scope: KeyScope = .organization, name: String, description: String,
                          config: KeyConfig, by actor: String) throws(CapellaError) -> CMEKKey {
        try transact(check: { state, _ throws(CapellaError) in
            let organization = try state.organization(organizationID)
            var projectID: String?
            if let wanted = scope.projectID {
                let project = try state.project(wanted, in: organizationID)
                try CMEKRules.checkProjectKey(config, project: project)
                projectID = project.id
            } else {
                try Self.checkProviderEnabled(config.provider, in: organization)
            }
            try CMEKRules.checkAccessible(config, in: state)
            // The stored ids, not the request's copies: every key then shares their memory.
            return (organizationID: organization.id, projectID: projectID)
        }, apply: { state, owner, context in
            let key = CMEKKey(id: Identifier.newUUID(), organizationID: owner.organizationID, projectID: owner.projectID, name: name,
                              description: description, config: config,
                              history: [KeyHistoryEntry(config: config, associatedAt: context.now, associatedBy: actor)],
                              lastRotatedAt: nil, audit: Audit(by: actor, at: context.now))
            state.cmekKeys.insert(key)
            return key
        })
    }

    public func keys(organizationID: String, scope: KeyScope = .organization) throws(CapellaError) -> [Stored<CMEKKey>] {
        try read { state, _ throws(CapellaError) in
            _ = try state.organization(organizationID)
            if let projectID = scope.projectID { _ = try state.project(projectID, in: organizationID) }
            return state.cmekKeys.values(inGroup: CMEKKey.listGroup(organizationID: organizationID, projectID: scope.projectID))
        }
    }

    /// The keys at `offset..<offset + limit` of the scope's creation order (newest first when
    /// asked), each one's stamp handed to `visit` with a way to read the key, while the store is
    /// read: a caller that keeps what it made of each stamp (the JSON cache) copies no key it
    /// has seen, and no other key is touched. Returns how many keys the scope has. `visit` runs
    /// under the store's lock: it must not call the store.
    public func forEachKey(inWindowOf organizationID: String, scope: KeyScope = .organization, offset: Int, limit: Int,
                           newestFirst: Bool, _ visit: (_ stamp: UInt64, _ key: () -> Stored<CMEKKey>) -> Void) throws(CapellaError) -> Int {
        try read { state, _ throws(CapellaError) in
            _ = try state.organization(organizationID)
            if let projectID = scope.projectID { _ = try state.project(projectID, in: organizationID) }
            return state.cmekKeys.forEach(inWindowOfGroup: CMEKKey.listGroup(organizationID: organizationID, projectID: scope.projectID),
                                          offset: offset, limit: limit, newestFirst: newestFirst, visit)
        }
    }

    public func key(organizationID: String, scope: KeyScope = .organization, keyID: String) throws(CapellaError) -> Stored<CMEKKey> {
        try read { state, _ throws(CapellaError) in try state.storedCMEKKey(keyID, in: organizationID, scope: scope) }
    }

    /// The key's history, oldest first; only the current resource is active.
    public func keyHistory(organizationID: String, scope: KeyScope = .organization, keyID: String) throws(CapellaError) -> [KeyHistoryRow] {
        try read { state, _ throws(CapellaError) in
            let key = try state.cmekKey(keyID, in: organizationID, scope: scope)
            return key.history.enumerated().map { index, entry in
                KeyHistoryRow(entry: entry, active: index == key.history.count - 1)
            }
        }
    }

    /// Points the key at a new key resource; every cluster using it redeploys.
    public func rotateKey(organizationID: String, scope: KeyScope = .organization, keyID: String, config: KeyConfig,
                          by actor: String) throws(CapellaError) {
        try transact(check: { state, context throws(CapellaError) in
            let key = try state.cmekKey(keyID, in: organizationID, scope: scope)
            guard config.provider == key.config.provider else {
                throw CapellaError.unprocessable(
                    "The key \(keyID) is \(withArticle(key.config.provider.displayName)) key; it can only be rotated to another \(key.config.provider.displayName) key, not \(withArticle(config.provider.displayName)) one.",
                    hint: "Rotate to a key from the same cloud provider.")
            }
            guard config.resource != key.config.resource else {
                throw CapellaError.unprocessable(
                    "The key \(keyID) already uses \(config.resource); a rotation needs a different key resource.",
                    hint: "Create a new key (or key version) in your KMS and rotate to it.")
            }
            if let last = key.lastRotatedAt {
                let nextAllowed = last.adding(seconds: CMEKRules.rotationInterval)
                guard context.now >= nextAllowed else {
                    throw CapellaError.unprocessable(
                        "The key \(keyID) was rotated at \(last.rfc3339); a key can be rotated at most once every 30 days. The next rotation is possible at \(nextAllowed.rfc3339).",
                        hint: "Wait until the 30-day interval has passed, or contact Couchbase Support for an earlier rotation.")
                }
            }
            let users = state.clusters(usingKey: keyID)
            for cluster in users {
                try CMEKRules.checkHealthy(cluster, for: "rotate the key \(keyID)")
                try CMEKRules.checkKey(config, keyID: keyID, canEncrypt: cluster.spec, clusterID: cluster.id)
            }
            try CMEKRules.checkAccessible(config, in: state)
            return (key, users.map(\.id))
        }, apply: { state, plan, context in
            var key = plan.0
            key.config = config
            key.history.append(KeyHistoryEntry(config: config, associatedAt: context.now, associatedBy: actor))
            key.lastRotatedAt = context.now
            key.audit.update(by: actor, at: context.now)
            state.cmekKeys.insert(key)
            for clusterID in plan.1 {
                Self.startRedeploy(clusterID, change: nil, in: &state, context: context)
            }
        })
    }

    /// A key that any cluster uses (or is being given) cannot be deleted.
    public func deleteKey(organizationID: String, scope: KeyScope = .organization, keyID: String) throws(CapellaError) {
        try transact(check: { state, _ throws(CapellaError) in
            _ = try state.cmekKey(keyID, in: organizationID, scope: scope)
            let users = state.clusters(usingKey: keyID)
            if !users.isEmpty {
                throw CapellaError.unprocessable(
                    "The key \(keyID) is in use by cluster(s) \(users.map(\.id).joined(separator: ", ")) and cannot be deleted.",
                    hint: "Unassociate the key from every cluster, then delete it.")
            }
        }, apply: { state, _, _ in
            _ = state.cmekKeys.remove(keyID)
        })
    }

    /// Enabling a provider again is accepted and changes nothing. A project can enable Azure only,
    /// and independently of its organization.
    public func enableCMEKProvider(organizationID: String, scope: KeyScope = .organization,
                                   provider: CloudProvider) throws(CapellaError) {
        try transact(check: { state, _ throws(CapellaError) in
            let organization = try state.organization(organizationID)
            guard let projectID = scope.projectID else { return (organization, nil as Project?) }
            guard provider == .azure else {
                throw CapellaError.unprocessable(
                    "The cloud provider \(provider.rawValue) is not supported for project-level CMEK; only azure is.",
                    hint: "Enable AWS and GCP at the organization level, or send {\"cloudProvider\":\"azure\"}.", code: 1000)
            }
            return (organization, try state.project(projectID, in: organizationID))
        }, apply: { state, found, _ in
            if var project = found.1 {
                project.azureCMEKEnabled = true
                if project.azureApplicationID == nil { project.azureApplicationID = Identifier.newUUID() }
                state.projects.insert(project)
                return
            }
            var organization = found.0
            organization.enabledCMEKProviders.insert(provider)
            if provider == .azure, organization.azureApplicationID == nil {
                organization.azureApplicationID = Identifier.newUUID()
            }
            state.organizations.insert(organization)
        })
    }

    /// The Entra ID application's client id; 404 until Azure CMEK is enabled (for the organization,
    /// or for the project).
    public func azureApplicationID(organizationID: String, scope: KeyScope = .organization) throws(CapellaError) -> String {
        try read { state, _ throws(CapellaError) in
            let organization = try state.organization(organizationID)
            if let projectID = scope.projectID {
                let project = try state.project(projectID, in: organizationID)
                guard project.azureCMEKEnabled, let id = project.azureApplicationID else {
                    throw CapellaError.notFound("the project's Azure CMEK application does not exist until Azure is enabled with PUT .../projects/{projectId}/cmek/providers")
                }
                return id
            }
            guard organization.enabledCMEKProviders.contains(.azure), let id = organization.azureApplicationID else {
                throw CapellaError.notFound("the Azure CMEK application does not exist until Azure is enabled with PUT /cmek/providers")
            }
            return id
        }
    }

    public func associate(organizationID: String, projectID: String, clusterID: String, keyID: String) throws(CapellaError) {
        try transact(check: { state, _ throws(CapellaError) in
            let cluster = try state.cluster(clusterID, project: projectID, in: organizationID)
            let key = try state.cmekKey(keyID, in: organizationID)
            if let current = cluster.effectiveCMEKID {
                throw CapellaError.unprocessable(
                    current == keyID
                        ? "The key \(keyID) is already associated with the cluster \(clusterID)."
                        : "The cluster \(clusterID) is already encrypted with the key \(current); a cluster can have only one key.",
                    hint: "Unassociate the current key first if you want to use another one.")
            }
            try CMEKRules.checkHealthy(cluster, for: "associate a key")
            try CMEKRules.checkKeyScope(key, clusterProjectID: cluster.projectID)
            try CMEKRules.checkKey(key.config, keyID: keyID, canEncrypt: cluster.spec, clusterID: clusterID)
            try CMEKRules.checkAccessible(key.config, in: state)
        }, apply: { state, _, context in
            Self.startRedeploy(clusterID, change: .associate(keyID: keyID), in: &state, context: context)
        })
    }

    public func unassociate(organizationID: String, projectID: String, clusterID: String, keyID: String) throws(CapellaError) {
        try transact(check: { state, _ throws(CapellaError) in
            let cluster = try state.cluster(clusterID, project: projectID, in: organizationID)
            _ = try state.cmekKey(keyID, in: organizationID)
            guard cluster.effectiveCMEKID == keyID else {
                throw CapellaError.unprocessable(
                    "The key \(keyID) is not associated with the cluster \(clusterID).",
                    hint: "Check the key and cluster ids; GET the cluster to see its cmekId.")
            }
            try CMEKRules.checkHealthy(cluster, for: "unassociate the key")
        }, apply: { state, _, context in
            Self.startRedeploy(clusterID, change: .unassociate, in: &state, context: context)
        })
    }

    // MARK: Helpers

    static func checkProviderEnabled(_ provider: CloudProvider, in organization: Organization) throws(CapellaError) {
        // AWS and GCP keys work without enabling; Azure needs its Entra ID application first.
        guard provider == .azure, !organization.enabledCMEKProviders.contains(.azure) else { return }
        throw CapellaError.unprocessable(
            "Azure CMEK is not enabled for the organization \(organization.id).",
            hint: "Enable it with PUT /v4/organizations/{organizationId}/cmek/providers {\"cloudProvider\":\"azure\"}, grant the application access to your Key Vault, then try again.")
    }

    static func startRedeploy(_ clusterID: String, change: CMEKChange?, in state: inout MockState, context: Context) {
        guard var cluster = state.clusters[clusterID] else { return }
        state.startTransition(.cmekRedeploy, on: &cluster, context: context, cmekChange: change)
        state.clusters.insert(cluster)
    }
}
