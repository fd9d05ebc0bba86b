// A planted failure: the next transition of a kind on a cluster (or on any cluster, "*") ends
// in a failed state instead of succeeding, so clients can test their retry and alert paths.

public struct TransitionFault: Sendable, Equatable, Identifiable {
    public static let anyCluster = "*"

    public var id: String
    /// A cluster id, or "*" for whichever cluster next runs a matching transition.
    public var clusterID: String
    /// rebalanceFailed, deploymentFailed, scaleFailed, destroyFailed, turningOffFailed or turningOnFailed.
    public var outcome: ClusterState

    public init(id: String, clusterID: String, outcome: ClusterState) {
        self.id = id
        self.clusterID = clusterID
        self.outcome = outcome
    }

    /// Which transition each failed state ends.
    public static let kinds: [ClusterState: TransitionKind] = [
        .rebalanceFailed: .cmekRedeploy, .deploymentFailed: .deploy, .scaleFailed: .scale,
        .destroyFailed: .destroy, .turningOffFailed: .turnOff, .turningOnFailed: .turnOn,
    ]

    public var kind: TransitionKind { Self.kinds[outcome]! }

    func applies(to kind: TransitionKind, clusterID: String) -> Bool {
        self.kind == kind && (self.clusterID == Self.anyCluster || self.clusterID == clusterID)
    }
}
