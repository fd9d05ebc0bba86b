@testable import CapellaDomain

/// A store on a manual clock with the built-in seed, and handles to what the seed holds.
struct World {
    let clock = ManualClock()
    let store: Store
    let org: String
    let project: String
    let cluster: String
    let actor: String

    init() {
        let identity = BuiltInSeed.Identity(organizationID: Identifier.newUUID(), token: "test-token")
        let state = BuiltInSeed.state(identity: identity, at: clock.now())
        store = Store(state: state, clock: clock)
        org = identity.organizationID
        project = state.projects.values[0].id
        cluster = state.clusters.values[0].id
        actor = state.apiKeys.values[0].id
    }

    func state(of clusterID: String? = nil) throws -> ClusterState {
        try store.cluster(organizationID: org, projectID: project, clusterID: clusterID ?? cluster).currentState
    }

    func awsKey(region: String = "us-east-1", suffix: String = "1") throws -> String {
        let arn = "arn:aws:kms:\(region):123456789012:key/0000000\(suffix)-1111-2222-3333-444444444444"
        return try store.createKey(organizationID: org, name: "key \(suffix)", description: "",
                                   config: .aws(arn: arn), by: actor).id
    }

    static func awsConfig(region: String = "us-east-1", suffix: String = "9") -> KeyConfig {
        .aws(arn: "arn:aws:kms:\(region):123456789012:key/0000000\(suffix)-1111-2222-3333-444444444444")
    }

    /// A valid create-cluster spec, adjustable.
    static func spec(provider: CloudProvider = .aws, region: String = "us-east-1", cidr: String = "10.1.0.0/23",
                     plan: String = SupportPlan.enterprise) -> ClusterSpec {
        let disk: Disk
        switch provider {
        case .aws: disk = Disk(type: "gp3", storage: 50, iops: 3000, autoExpansion: nil)
        case .gcp: disk = Disk(type: "pd-ssd", storage: 64, iops: nil, autoExpansion: nil)
        case .azure: disk = Disk(type: "P6", storage: 64, iops: 240, autoExpansion: false)
        }
        return ClusterSpec(name: "c", description: "", configurationType: "multiNode", provider: provider, region: region,
                           cidr: cidr, serverVersion: "7.6",
                           serviceGroups: [ServiceGroup(cpu: 4, ram: 16, disk: disk, numOfNodes: 3, services: ["data"])],
                           availability: "single", supportPlan: plan, supportTimezone: "PT", zones: nil,
                           enablePrivateDNSResolution: false)
    }
}

/// Runs `body` and returns the CapellaError it throws (nil when it succeeds).
func capellaError(_ body: () throws -> Void) -> CapellaError? {
    do {
        try body()
        return nil
    } catch let error as CapellaError {
        return error
    } catch {
        return nil
    }
}
