// Cluster operations: create (deploying → healthy), update (scaling → healthy), delete
// (destroying → gone).

extension Store {
    /// `spec` comes from `ClusterRules.validateCreate`; an empty `cidr` gets a free block.
    public func createCluster(organizationID: String, projectID: String, spec: ClusterSpec, cmekID: String?,
                              by actor: String) throws(CapellaError) -> Cluster {
        try transact(check: { state, _ throws(CapellaError) in
            _ = try state.project(projectID, in: organizationID)
            var planned = spec
            let live = state.clusters.values.filter { $0.organizationID == organizationID }
            if planned.cidr.isEmpty {
                planned.cidr = try ClusterPlacement.freeBlock(avoiding: live)
            } else {
                try ClusterPlacement.checkUnique(planned.cidr, against: live)
            }
            if let cmekID {
                let key = try state.cmekKey(cmekID.lowercased(), in: organizationID)
                try CMEKRules.checkKeyScope(key, clusterProjectID: projectID)
                try CMEKRules.checkKey(key.config, keyID: key.id, canEncrypt: planned, clusterID: nil)
                try CMEKRules.checkAccessible(key.config, in: state)
            }
            return planned
        }, apply: { state, planned, context in
            var cluster = Cluster(
                id: Identifier.newUUID(), organizationID: organizationID, projectID: projectID, spec: planned,
                connectionString: "couchbases://cb.\(Identifier.randomLowercase(count: 14)).cloud.couchbase.com",
                restingState: .healthy, transition: nil, cmekID: cmekID?.lowercased(),
                audit: Audit(by: actor, at: context.now))
            state.startTransition(.deploy, on: &cluster, context: context)
            state.clusters.insert(cluster)
            return cluster
        })
    }

    public func clusters(organizationID: String, projectID: String) throws(CapellaError) -> [Cluster] {
        try read { state, _ throws(CapellaError) in
            _ = try state.project(projectID, in: organizationID)
            return state.clusters.values.filter { $0.projectID == projectID }
        }
    }

    public func cluster(organizationID: String, projectID: String, clusterID: String) throws(CapellaError) -> Cluster {
        try read { state, _ throws(CapellaError) in try state.cluster(clusterID, project: projectID, in: organizationID) }
    }

    /// Replaces name, description, service groups and support, then scales.
    public func updateCluster(organizationID: String, projectID: String, clusterID: String, draft: ClusterDraft,
                              ifMatch: String?, by actor: String) throws(CapellaError) {
        try transact(check: { state, _ throws(CapellaError) in
            let cluster = try state.cluster(clusterID, project: projectID, in: organizationID)
            try Precondition.check(ifMatch: ifMatch, version: cluster.audit.version)
            let spec = try ClusterRules.validateUpdate(draft, current: cluster.spec)
            guard cluster.currentState == .healthy else {
                throw CapellaError.unprocessable(
                    "The cluster \(clusterID) cannot be updated while it is \(cluster.currentState.rawValue).",
                    hint: "Wait until the cluster is healthy, then try again.")
            }
            if let key = cluster.effectiveCMEKID, !spec.isEnterprise {
                throw CapellaError.unprocessable(
                    "The cluster \(clusterID) is encrypted with the customer-managed key \(key), which needs the Enterprise support plan.",
                    hint: "Unassociate the key before leaving the Enterprise plan.")
            }
            return (cluster, spec)
        }, apply: { state, plan, context in
            var cluster = plan.0
            cluster.spec = plan.1
            cluster.audit.update(by: actor, at: context.now)
            state.startTransition(.scale, on: &cluster, context: context)
            state.clusters.insert(cluster)
        })
    }

    /// Starts destroying the cluster; it disappears when the destroy completes.
    public func deleteCluster(organizationID: String, projectID: String, clusterID: String) throws(CapellaError) {
        try transact(check: { state, _ throws(CapellaError) in
            let cluster = try state.cluster(clusterID, project: projectID, in: organizationID)
            if cluster.deletionProtection {
                throw CapellaError.unprocessable(
                    "The cluster \(clusterID) has deletion protection turned on.",
                    hint: "Turn deletion protection off (PUT .../deletionProtection) before deleting the cluster.")
            }
            if let running = cluster.transition {
                let message = running.kind == .destroy
                    ? "The cluster \(clusterID) is already being destroyed."
                    : "The cluster \(clusterID) cannot be deleted while it is \(cluster.currentState.rawValue)."
                throw CapellaError.unprocessable(message, hint: "Wait until the current operation finishes, then try again.")
            }
            return cluster
        }, apply: { state, cluster, context in
            var destroying = cluster
            state.startTransition(.destroy, on: &destroying, context: context)
            state.clusters.insert(destroying)
        })
    }
}

/// Where a cluster's network goes: its CIDR must not overlap another live cluster's in the
/// organization.
enum ClusterPlacement {
    static func checkUnique(_ cidr: String, against clusters: [Cluster]) throws(CapellaError) {
        guard let block = IPv4CIDR(cidr) else { return }
        for other in clusters {
            guard let otherBlock = IPv4CIDR(other.spec.cidr), block.overlaps(otherBlock) else { continue }
            throw CapellaError.unprocessable(
                "The CIDR block \(cidr) overlaps \(other.spec.cidr) of cluster \(other.id); the CIDR range must be unique within the organization. Please ensure you are passing a unique CIDR block and try again.",
                hint: "Choose a different CIDR block that does not overlap an existing cluster's.")
        }
    }

    /// The first 10.x.y.0/23 block that overlaps no cluster in the organization.
    static func freeBlock(avoiding clusters: [Cluster]) throws(CapellaError) -> String {
        let taken = clusters.compactMap { IPv4CIDR($0.spec.cidr) }
        var address: UInt32 = 10 << 24
        while address < 11 << 24 {
            let candidate = IPv4CIDR("\(address >> 24).\(address >> 16 & 0xFF).\(address >> 8 & 0xFF).0/23")!
            if !taken.contains(where: { $0.overlaps(candidate) }) { return candidate.description }
            address += 512
        }
        throw CapellaError.unprocessable("No free CIDR block is left in 10.0.0.0/8 for this organization.",
                                         hint: "Pass an explicit cloudProvider.cidr.")
    }
}
