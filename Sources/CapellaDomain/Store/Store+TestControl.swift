// State changes only tests ask for (through /_mock): planted transition failures, the simulated
// KMS, and repairing a failed cluster.

extension Store {
    // MARK: Planted transition failures

    /// Plants a failure for the next matching transition of `clusterID` (or of any cluster, "*").
    public func addTransitionFault(clusterID: String, outcome: ClusterState) throws(CapellaError) -> TransitionFault {
        guard TransitionFault.kinds[outcome] != nil else {
            throw CapellaError.invalidQuery("outcome \"\(outcome.rawValue)\" is not a failure a transition can end in; use one of \(TransitionFault.kinds.keys.map(\.rawValue).sorted().joined(separator: ", ")).")
        }
        return try transact(check: { state, _ throws(CapellaError) in
            guard clusterID == TransitionFault.anyCluster || state.clusters[clusterID] != nil else {
                throw CapellaError.invalidQuery("no cluster \(clusterID) exists; give a cluster id or \"*\" for any cluster.")
            }
        }, apply: { state, _, _ in
            let fault = TransitionFault(id: Identifier.newUUID(), clusterID: clusterID, outcome: outcome)
            state.transitionFaults.append(fault)
            return fault
        })
    }

    public var transitionFaults: [TransitionFault] {
        (try? read { state, _ in state.transitionFaults }) ?? []
    }

    /// Removes one planted failure; false when there is none with that id.
    public func removeTransitionFault(id: String) -> Bool {
        (try? transact(check: { state, _ in state.transitionFaults.contains { $0.id == id } },
                       apply: { state, found, _ in
                           state.transitionFaults.removeAll { $0.id == id }
                           return found
                       })) ?? false
    }

    public func clearTransitionFaults() {
        _ = try? transact(check: { _, _ in () }, apply: { state, _, _ in state.transitionFaults.removeAll() })
    }

    // MARK: Simulated KMS

    /// Marks a key resource (ARN, resource name or key URL) usable or not by Capella. Losing access
    /// degrades the healthy, idle clusters encrypted with it at once (a busy one comes out of its
    /// transition degraded); getting it back restores the clusters it had degraded.
    public func setKeyAccessible(_ resource: String, accessible: Bool) {
        _ = try? transact(check: { _, _ in () }, apply: { state, _, _ in
            if accessible {
                state.inaccessibleKeyResources.remove(resource)
            } else {
                state.inaccessibleKeyResources.insert(resource)
            }
            for var cluster in state.clusters where cluster.transition == nil && state.usesKeyResource(cluster, resource) {
                if !accessible && cluster.restingState == .healthy {
                    cluster.restingState = .degraded
                } else if accessible && cluster.restingState == .degraded {
                    cluster.restingState = .healthy
                } else {
                    continue
                }
                state.clusters.insert(cluster)
            }
        })
    }

    public var inaccessibleKeyResources: [String] {
        ((try? read { state, _ in state.inaccessibleKeyResources }) ?? []).sorted()
    }

    // MARK: Repair

    /// Brings a cluster in a failed or degraded state back to healthy (what Couchbase Support would
    /// do). A running transition must finish first.
    public func repairCluster(_ clusterID: String) throws(CapellaError) -> Cluster {
        try transact(check: { state, _ throws(CapellaError) in
            guard let cluster = state.clusters[clusterID] else { throw CapellaError.clusterNotFound(clusterID) }
            guard cluster.transition == nil else {
                throw CapellaError.conflict("The cluster \(clusterID) is \(cluster.currentState.rawValue); wait until the operation finishes.")
            }
            return cluster
        }, apply: { state, cluster, _ in
            var repaired = cluster
            repaired.restingState = .healthy
            state.clusters.insert(repaired)
            return repaired
        })
    }
}

extension MockState {
    func usesKeyResource(_ cluster: Cluster, _ resource: String) -> Bool {
        guard let keyID = cluster.cmekID, let key = cmekKeys[keyID] else { return false }
        return key.config.resource == resource
    }
}
