// Starting a cluster transition: the one place that sets a deadline, so a planted failure
// (TransitionFault) is consumed whatever operation started the transition.

extension MockState {
    /// Starts `kind` on the cluster: its deadline is now + the kind's duration. A matching
    /// transition fault is used up and decides the outcome.
    mutating func startTransition(_ kind: TransitionKind, on cluster: inout Cluster, context: Context,
                                  cmekChange: CMEKChange? = nil) {
        var outcome: ClusterState?
        if let index = transitionFaults.firstIndex(where: { $0.applies(to: kind, clusterID: cluster.id) }) {
            outcome = transitionFaults.remove(at: index).outcome
        }
        cluster.transition = Transition(kind: kind, startedAt: context.now,
                                        deadline: context.now.adding(seconds: kind.duration(in: context.durations)),
                                        cmekChange: cmekChange, forcedOutcome: outcome)
    }
}
