import Testing
@testable import CapellaDomain

@Suite struct CMEKLifecycleTests {
    @Test func associateRedeploysThenSetsTheKey() throws {
        let w = World()
        let key = try w.awsKey()
        try w.store.associate(organizationID: w.org, projectID: w.project, clusterID: w.cluster, keyID: key)
        #expect(try w.state() == .rebalancing)
        #expect(try w.store.cluster(organizationID: w.org, projectID: w.project, clusterID: w.cluster).cmekID == nil)
        w.store.advanceClock(by: 419)
        #expect(try w.state() == .rebalancing)
        w.store.advanceClock(by: 1)
        let cluster = try w.store.cluster(organizationID: w.org, projectID: w.project, clusterID: w.cluster)
        #expect(cluster.currentState == .healthy)
        #expect(cluster.cmekID == key)
    }

    @Test func unassociateRedeploysThenClearsTheKey() throws {
        let w = World()
        let key = try w.awsKey()
        try w.store.associate(organizationID: w.org, projectID: w.project, clusterID: w.cluster, keyID: key)
        w.store.advanceClock(by: 420)
        try w.store.unassociate(organizationID: w.org, projectID: w.project, clusterID: w.cluster, keyID: key)
        #expect(try w.state() == .rebalancing)
        w.store.advanceClock(by: 420)
        #expect(try w.store.cluster(organizationID: w.org, projectID: w.project, clusterID: w.cluster).cmekID == nil)
        #expect(try w.state() == .healthy)
    }

    @Test func refusesAKeyFromAnotherRegionOrProvider() throws {
        let w = World()
        let west = try w.awsKey(region: "us-west-2")
        let error = capellaError { try w.store.associate(organizationID: w.org, projectID: w.project, clusterID: w.cluster, keyID: west) }
        #expect(error?.httpStatusCode == 422)
        #expect(error?.message.contains("region") == true)
        let gcp = try w.store.createKey(organizationID: w.org, name: "g", description: "",
                                        config: .gcp(resourceName: "projects/my-proj-1/locations/global/keyRings/r/cryptoKeys/k"), by: w.actor).id
        let providerError = capellaError { try w.store.associate(organizationID: w.org, projectID: w.project, clusterID: w.cluster, keyID: gcp) }
        #expect(providerError?.httpStatusCode == 422)
        #expect(providerError?.message.contains("AWS") == true)
        #expect(try w.state() == .healthy)
    }

    @Test func refusesNonEnterpriseClusters() throws {
        let w = World()
        let key = try w.awsKey()
        let basic = try w.store.createCluster(organizationID: w.org, projectID: w.project,
                                              spec: World.spec(plan: SupportPlan.developerPro), cmekID: nil, by: w.actor)
        w.store.advanceClock(by: 600)
        let error = capellaError { try w.store.associate(organizationID: w.org, projectID: w.project, clusterID: basic.id, keyID: key) }
        #expect(error?.httpStatusCode == 422)
        #expect(error?.message.contains("Enterprise") == true)
    }

    @Test func refusesWhileTheClusterIsBusyOrAlreadyHasAKey() throws {
        let w = World()
        let a = try w.awsKey(suffix: "1")
        let b = try w.awsKey(suffix: "2")
        try w.store.associate(organizationID: w.org, projectID: w.project, clusterID: w.cluster, keyID: a)
        // A second association, with any key, is refused while the first runs and afterwards.
        #expect(capellaError { try w.store.associate(organizationID: w.org, projectID: w.project, clusterID: w.cluster, keyID: b) }?.httpStatusCode == 422)
        #expect(capellaError { try w.store.unassociate(organizationID: w.org, projectID: w.project, clusterID: w.cluster, keyID: a) }?.message.contains("rebalancing") == true)
        w.store.advanceClock(by: 420)
        let again = capellaError { try w.store.associate(organizationID: w.org, projectID: w.project, clusterID: w.cluster, keyID: b) }
        #expect(again?.message.contains("only one key") == true)
    }

    @Test func unassociateNeedsThatKeyOnThatCluster() throws {
        let w = World()
        let key = try w.awsKey()
        let error = capellaError { try w.store.unassociate(organizationID: w.org, projectID: w.project, clusterID: w.cluster, keyID: key) }
        #expect(error?.httpStatusCode == 422)
        #expect(error?.message.contains("not associated") == true)
    }

    @Test func aKeyInUseCannotBeDeleted() throws {
        let w = World()
        let key = try w.awsKey()
        try w.store.associate(organizationID: w.org, projectID: w.project, clusterID: w.cluster, keyID: key)
        // Refused already while the association is being applied.
        #expect(capellaError { try w.store.deleteKey(organizationID: w.org, keyID: key) }?.httpStatusCode == 422)
        w.store.advanceClock(by: 420)
        #expect(capellaError { try w.store.deleteKey(organizationID: w.org, keyID: key) }?.httpStatusCode == 422)
        try w.store.unassociate(organizationID: w.org, projectID: w.project, clusterID: w.cluster, keyID: key)
        w.store.advanceClock(by: 420)
        try w.store.deleteKey(organizationID: w.org, keyID: key)
        #expect(capellaError { _ = try w.store.key(organizationID: w.org, keyID: key) }?.code == 3000)
    }

    @Test func createWithAKeyChecksTheKeyAndDeploysEncrypted() throws {
        let w = World()
        let key = try w.awsKey()
        let wrongRegion = capellaError {
            _ = try w.store.createCluster(organizationID: w.org, projectID: w.project, spec: World.spec(region: "us-east-2"), cmekID: key, by: w.actor)
        }
        #expect(wrongRegion?.httpStatusCode == 422)
        #expect(try w.store.clusters(organizationID: w.org, projectID: w.project).count == 1)
        let created = try w.store.createCluster(organizationID: w.org, projectID: w.project, spec: World.spec(), cmekID: key, by: w.actor)
        #expect(created.currentState == .deploying)
        #expect(created.cmekID == key)
        w.store.advanceClock(by: 600)
        #expect(try w.state(of: created.id) == .healthy)
    }

    @Test func azureKeysNeedTheProviderEnabledFirst() throws {
        let w = World()
        let config = KeyConfig.azure(keyLocation: "https://my-vault.vault.azure.net/keys/k/0123456789abcdef0123456789abcdef", region: "eastus")
        let error = capellaError { _ = try w.store.createKey(organizationID: w.org, name: "a", description: "", config: config, by: w.actor) }
        #expect(error?.httpStatusCode == 422)
        #expect(capellaError { _ = try w.store.azureApplicationID(organizationID: w.org) }?.httpStatusCode == 404)
        try w.store.enableCMEKProvider(organizationID: w.org, provider: .azure)
        let appID = try w.store.azureApplicationID(organizationID: w.org)
        try w.store.enableCMEKProvider(organizationID: w.org, provider: .azure)
        #expect(try w.store.azureApplicationID(organizationID: w.org) == appID)
        _ = try w.store.createKey(organizationID: w.org, name: "a", description: "", config: config, by: w.actor)
    }

    @Test func anInaccessibleKeyIsRefusedEverywhere() throws {
        let w = World()
        let key = try w.awsKey()
        let arn = try w.store.key(organizationID: w.org, keyID: key).element.config.resource
        try w.store.transact(check: { _, _ in () }, apply: { state, _, _ in _ = state.inaccessibleKeyResources.insert(arn) })
        #expect(capellaError { try w.store.associate(organizationID: w.org, projectID: w.project, clusterID: w.cluster, keyID: key) }?.httpStatusCode == 422)
        #expect(capellaError { _ = try w.store.createKey(organizationID: w.org, name: "x", description: "", config: .aws(arn: arn), by: w.actor) }?.httpStatusCode == 422)
        #expect(try w.state() == .healthy)
    }
}
