// The checks that span tables, run once every row has been read: ids that point at other rows,
// and the rules the store applies across resources (a cluster's key must be able to encrypt it,
// CIDR blocks are unique in an organization, Azure keys need Azure CMEK enabled).
// Rows are at the same index as in the document, so paths can be rebuilt from positions.

enum SnapshotReferences {
    static func check(_ state: MockState) throws(SnapshotError) {
        try checkOrganizations(state)
        try checkAPIKeys(state)
        try checkClusters(state)
        try checkKeys(state)
        try checkFaults(state)
    }

    /// Every row's organization first, so a row in a missing organization is reported as such
    /// rather than as a missing project or key elsewhere.
    static func checkOrganizations(_ state: MockState) throws(SnapshotError) {
        let owners: [(table: String, ids: [String])] = [
            ("apiKeys", state.apiKeys.values.map(\.organizationID)),
            ("projects", state.projects.values.map(\.organizationID)),
            ("clusters", state.clusters.values.map(\.organizationID)),
            ("cmekKeys", state.cmekKeys.values.map(\.organizationID)),
        ]
        for (table, ids) in owners {
            for (index, id) in ids.enumerated() where state.organizations[id] == nil {
                throw SnapshotError(path: "\(table)[\(index)].organizationId", reason: "no organization \(id)")
            }
        }
    }

    static func checkAPIKeys(_ state: MockState) throws(SnapshotError) {
        for (index, key) in state.apiKeys.values.enumerated() {
            for (grantIndex, grant) in key.resources.enumerated() {
                try requireProject(grant.projectID, organization: key.organizationID, in: state,
                                   at: "apiKeys[\(index)].resources[\(grantIndex)].id")
            }
        }
    }

    static func checkClusters(_ state: MockState) throws(SnapshotError) {
        var placed: [Cluster] = []
        for (index, cluster) in state.clusters.values.enumerated() {
            let at = "clusters[\(index)]"
            try requireProject(cluster.projectID, organization: cluster.organizationID, in: state, at: "\(at).projectId")
            try validating(at: "\(at).cloudProvider.cidr") { () throws(CapellaError) in
                try ClusterPlacement.checkUnique(cluster.spec.cidr,
                                                 against: placed.filter { $0.organizationID == cluster.organizationID })
            }
            placed.append(cluster)
            if let keyID = cluster.cmekID {
                try requireKey(keyID, for: cluster, in: state, at: "\(at).cmekId")
            }
            if case .associate(let keyID)? = cluster.transition?.cmekChange {
                try requireKey(keyID, for: cluster, in: state, at: "\(at).transition.cmekChange.associate")
            }
        }
    }

    static func checkKeys(_ state: MockState) throws(SnapshotError) {
        for (index, key) in state.cmekKeys.values.enumerated() {
            guard let organization = state.organizations[key.organizationID] else { continue }
            if let projectID = key.projectID {
                // A project key: Azure, in a project of its organization that has Azure enabled.
                try requireProject(projectID, organization: key.organizationID, in: state, at: "cmekKeys[\(index)].projectId")
                try validating(at: "cmekKeys[\(index)]") { () throws(CapellaError) in
                    try CMEKRules.checkProjectKey(key.config, project: state.projects[projectID]!)
                }
                continue
            }
            try validating(at: "cmekKeys[\(index)].config") { () throws(CapellaError) in
                try Store.checkProviderEnabled(key.config.provider, in: organization)
            }
        }
    }

    static func checkFaults(_ state: MockState) throws(SnapshotError) {
        for (index, fault) in state.transitionFaults.enumerated()
        where fault.clusterID != TransitionFault.anyCluster && state.clusters[fault.clusterID] == nil {
            throw SnapshotError(path: "transitionFaults[\(index)].clusterId", reason: "no cluster \(fault.clusterID)")
        }
    }

    // MARK: Lookups

    static func requireProject(_ id: String, organization: String, in state: MockState, at path: String) throws(SnapshotError) {
        guard let project = state.projects[id], project.organizationID == organization else {
            throw SnapshotError(path: path, reason: "no project \(id) in organization \(organization)")
        }
    }

    /// The key exists in the cluster's organization and may encrypt it (provider, region, plan).
    static func requireKey(_ id: String, for cluster: Cluster, in state: MockState, at path: String) throws(SnapshotError) {
        guard let key = state.cmekKeys[id], key.organizationID == cluster.organizationID else {
            throw SnapshotError(path: path, reason: "no CMEK key \(id) in organization \(cluster.organizationID)")
        }
        try validating(at: path) { () throws(CapellaError) in
            try CMEKRules.checkKeyScope(key, clusterProjectID: cluster.projectID)
            try CMEKRules.checkKey(key.config, keyID: key.id, canEncrypt: cluster.spec, clusterID: cluster.id)
        }
    }
}
