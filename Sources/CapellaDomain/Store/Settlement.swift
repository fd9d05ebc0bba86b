// Applies cluster transitions whose deadline has passed, earliest first, each at its own
// deadline. The result depends only on the state and the instant, never on when it runs.

enum Settlement {
    static func settle(_ state: inout MockState, until now: SimTime) {
        while let next = nextDue(state, now: now) {
            complete(clusterID: next, in: &state)
        }
    }

    /// The cluster with the earliest due deadline; ties go to the cluster created first.
    private static func nextDue(_ state: MockState, now: SimTime) -> String? {
        var best: (id: String, deadline: SimTime)?
        for cluster in state.clusters {
            guard let deadline = cluster.transition?.deadline, deadline <= now else { continue }
            if best == nil || deadline < best!.deadline { best = (cluster.id, deadline) }
        }
        return best?.id
    }

    private static func complete(clusterID: String, in state: inout MockState) {
        guard var cluster = state.clusters[clusterID], let transition = cluster.transition else { return }
        cluster.transition = nil
        if let failure = transition.forcedOutcome {
            // A failed operation leaves the key arrangement as it was.
            cluster.restingState = failure
            state.clusters[clusterID] = cluster
            return
        }
        switch transition.kind {
        case .destroy:
            state.clusters.remove(clusterID)
            // Failures planted for this cluster can no longer happen.
            state.transitionFaults.removeAll { $0.clusterID == clusterID }
            return
        case .cmekRedeploy:
            switch transition.cmekChange {
            case .associate(let keyID)?: cluster.cmekID = keyID
            case .unassociate?: cluster.cmekID = nil
            case nil: break  // a rotation: same key metadata, new key resource
            }
        case .deploy, .scale, .turnOff, .turnOn:
            break
        }
        cluster.restingState = transition.kind.successState
        // A cluster that cannot reach its key comes out degraded, as a real one does.
        if cluster.restingState == .healthy, state.keyIsInaccessible(for: cluster) {
            cluster.restingState = .degraded
        }
        state.clusters[clusterID] = cluster
    }
}
