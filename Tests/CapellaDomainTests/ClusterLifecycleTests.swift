import Testing
@testable import CapellaDomain

@Suite struct ClusterLifecycleTests {
    @Test func createDeploysForTheDeployDuration() throws {
        let w = World()
        let cluster = try w.store.createCluster(organizationID: w.org, projectID: w.project, spec: World.spec(), cmekID: nil, by: w.actor)
        #expect(cluster.currentState == .deploying)
        #expect(cluster.audit.version == 1)
        w.store.advanceClock(by: 599.999)
        #expect(try w.state(of: cluster.id) == .deploying)
        w.store.advanceClock(by: 0.001)
        #expect(try w.state(of: cluster.id) == .healthy)
    }

    @Test func updateScalesAndBumpsTheVersion() throws {
        let w = World()
        var draft = ClusterDraft()
        draft.name = "renamed"
        draft.description = "d"
        draft.serviceGroups = [ServiceGroupDraft(nodeGiven: true, cpu: 8, ram: 32,
                                                 disk: DiskDraft(type: "gp3", storage: 100, iops: 3000, autoExpansion: nil),
                                                 numOfNodes: 5, services: ["data", "query"])]
        draft.support = SupportDraft(plan: "enterprise", timezone: "GMT")
        let stale = capellaError { try w.store.updateCluster(organizationID: w.org, projectID: w.project, clusterID: w.cluster, draft: draft, ifMatch: "Version: 7", by: w.actor) }
        #expect(stale?.httpStatusCode == 412)
        #expect(stale?.code == 1012)
        try w.store.updateCluster(organizationID: w.org, projectID: w.project, clusterID: w.cluster, draft: draft, ifMatch: "1", by: w.actor)
        let cluster = try w.store.cluster(organizationID: w.org, projectID: w.project, clusterID: w.cluster)
        #expect(cluster.currentState == .scaling)
        #expect(cluster.audit.version == 2)
        #expect(cluster.spec.name == "renamed")
        #expect(cluster.spec.region == "us-east-1")
        w.store.advanceClock(by: 300)
        #expect(try w.state() == .healthy)
    }

    @Test func deleteDestroysThenRemoves() throws {
        let w = World()
        try w.store.deleteCluster(organizationID: w.org, projectID: w.project, clusterID: w.cluster)
        #expect(try w.state() == .destroying)
        #expect(capellaError { try w.store.deleteCluster(organizationID: w.org, projectID: w.project, clusterID: w.cluster) }?.httpStatusCode == 422)
        w.store.advanceClock(by: 120)
        let error = capellaError { _ = try w.store.cluster(organizationID: w.org, projectID: w.project, clusterID: w.cluster) }
        #expect(error?.httpStatusCode == 404)
        #expect(error?.code == 4025)
    }

    @Test func wrongProjectIs4031AndMissingClusterIs4025() throws {
        let w = World()
        let other = try w.store.createProject(organizationID: w.org, name: "other", description: "", by: w.actor)
        #expect(capellaError { _ = try w.store.cluster(organizationID: w.org, projectID: other.id, clusterID: w.cluster) }?.code == 4031)
        #expect(capellaError { _ = try w.store.cluster(organizationID: w.org, projectID: w.project, clusterID: Identifier.newUUID()) }?.code == 4025)
        #expect(capellaError { _ = try w.store.clusters(organizationID: w.org, projectID: Identifier.newUUID()) }?.code == 2000)
    }

    @Test func overlappingCIDRsAreRefusedInTheOrganization() throws {
        let w = World()
        // The seeded cluster holds 10.0.0.0/23.
        let error = capellaError { _ = try w.store.createCluster(organizationID: w.org, projectID: w.project, spec: World.spec(cidr: "10.0.1.0/24"), cmekID: nil, by: w.actor) }
        #expect(error?.httpStatusCode == 422)
        #expect(error?.message.contains("Please ensure you are passing a unique CIDR block") == true)
        _ = try w.store.createCluster(organizationID: w.org, projectID: w.project, spec: World.spec(cidr: "10.0.2.0/23"), cmekID: nil, by: w.actor)
        let auto = try w.store.createCluster(organizationID: w.org, projectID: w.project, spec: World.spec(cidr: ""), cmekID: nil, by: w.actor)
        #expect(auto.spec.cidr == "10.0.4.0/23")
    }

    @Test func transitionsSettleInDeadlineOrderWhateverTheAdvanceStep() throws {
        // One big advance and many small ones end in the same state.
        func run(step: Double) throws -> [ClusterState] {
            let w = World()
            let a = try w.store.createCluster(organizationID: w.org, projectID: w.project, spec: World.spec(cidr: "10.2.0.0/23"), cmekID: nil, by: w.actor)
            try w.store.deleteCluster(organizationID: w.org, projectID: w.project, clusterID: w.cluster)
            var moved = 0.0
            while moved < 700 {
                w.store.advanceClock(by: step)
                moved += step
            }
            let clusters = try w.store.clusters(organizationID: w.org, projectID: w.project)
            #expect(clusters.map(\.id) == [a.id])
            return clusters.map(\.currentState)
        }
        #expect(try run(step: 700) == run(step: 7))
    }

    @Test func projectsWithClustersCannotBeDeleted() throws {
        let w = World()
        let error = capellaError { try w.store.deleteProject(organizationID: w.org, projectID: w.project) }
        #expect(error?.httpStatusCode == 409)
        let empty = try w.store.createProject(organizationID: w.org, name: "empty", description: "", by: w.actor)
        try w.store.deleteProject(organizationID: w.org, projectID: empty.id)
    }

    @Test func resetGoesBackToTheStartState() throws {
        let w = World()
        _ = try w.awsKey()
        try w.store.deleteCluster(organizationID: w.org, projectID: w.project, clusterID: w.cluster)
        w.store.reset()
        #expect(try w.store.keys(organizationID: w.org).isEmpty)
        #expect(try w.state() == .healthy)
    }
}
