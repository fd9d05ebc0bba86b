// Turning a cluster off and on (turningOff → turnedOff, turningOn → healthy), and deletion
// protection. A repeated or mid-transition on/off request is 409 with code 7010 (the cluster is
// not off, so it cannot be turned on) or 7011 (it is not on, so it cannot be turned off), the
// codes the Terraform provider reads as "already done".

extension CapellaError {
    public static func alreadyOn(_ cluster: Cluster) -> CapellaError {
        .conflict("The cluster \(cluster.id) cannot be turned on: it is \(cluster.currentState.rawValue), not turnedOff.", code: 7010)
    }

    public static func alreadyOff(_ cluster: Cluster) -> CapellaError {
        .conflict("The cluster \(cluster.id) cannot be turned off: it is \(cluster.currentState.rawValue), not healthy.", code: 7011)
    }
}

extension Store {
    public func turnOn(organizationID: String, projectID: String, clusterID: String) throws(CapellaError) {
        try transact(check: { state, _ throws(CapellaError) in
            let cluster = try state.cluster(clusterID, project: projectID, in: organizationID)
            guard cluster.transition == nil, cluster.restingState == .turnedOff else { throw CapellaError.alreadyOn(cluster) }
            return cluster
        }, apply: { state, cluster, context in
            var turning = cluster
            state.startTransition(.turnOn, on: &turning, context: context)
            state.clusters.insert(turning)
        })
    }

    public func turnOff(organizationID: String, projectID: String, clusterID: String) throws(CapellaError) {
        try transact(check: { state, _ throws(CapellaError) in
            let cluster = try state.cluster(clusterID, project: projectID, in: organizationID)
            guard cluster.currentState == .healthy else { throw CapellaError.alreadyOff(cluster) }
            return cluster
        }, apply: { state, cluster, context in
            var turning = cluster
            state.startTransition(.turnOff, on: &turning, context: context)
            state.clusters.insert(turning)
        })
    }

    public func setDeletionProtection(organizationID: String, projectID: String, clusterID: String, enabled: Bool,
                                      by actor: String) throws(CapellaError) {
        try transact(check: { state, _ throws(CapellaError) in
            let cluster = try state.cluster(clusterID, project: projectID, in: organizationID)
            if cluster.transition?.kind == .destroy {
                throw CapellaError.unprocessable("The cluster \(clusterID) is being destroyed.",
                                                 hint: "Deletion protection cannot change while the cluster is destroyed.")
            }
            return cluster
        }, apply: { state, cluster, context in
            var changed = cluster
            changed.deletionProtection = enabled
            changed.audit.touch(by: actor, at: context.now)
            state.clusters.insert(changed)
        })
    }
}
