import Testing
@testable import CapellaDomain

@Suite struct RotationTests {
    @Test func rotationRedeploysEveryClusterOnTheKeyAndRecordsHistory() throws {
        let w = World()
        let key = try w.awsKey()
        let second = try w.store.createCluster(organizationID: w.org, projectID: w.project, spec: World.spec(), cmekID: key, by: w.actor)
        try w.store.associate(organizationID: w.org, projectID: w.project, clusterID: w.cluster, keyID: key)
        w.store.advanceClock(by: 600)
        let newConfig = World.awsConfig(suffix: "7")
        try w.store.rotateKey(organizationID: w.org, keyID: key, config: newConfig, by: w.actor)
        #expect(try w.state() == .rebalancing)
        #expect(try w.state(of: second.id) == .rebalancing)
        w.store.advanceClock(by: 420)
        #expect(try w.state() == .healthy)
        #expect(try w.state(of: second.id) == .healthy)
        let history = try w.store.keyHistory(organizationID: w.org, keyID: key)
        #expect(history.count == 2)
        #expect(history.map(\.active) == [false, true])
        #expect(history[1].entry.config == newConfig)
        #expect(try w.store.key(organizationID: w.org, keyID: key).element.config == newConfig)
    }

    @Test func rotationToTheSameResourceOrAnotherProviderIsRefused() throws {
        let w = World()
        let key = try w.awsKey()
        let current = try w.store.key(organizationID: w.org, keyID: key).element.config
        #expect(capellaError { try w.store.rotateKey(organizationID: w.org, keyID: key, config: current, by: w.actor) }?.message.contains("different key resource") == true)
        let gcp = KeyConfig.gcp(resourceName: "projects/my-proj-1/locations/global/keyRings/r/cryptoKeys/k")
        #expect(capellaError { try w.store.rotateKey(organizationID: w.org, keyID: key, config: gcp, by: w.actor) }?.httpStatusCode == 422)
        #expect(try w.store.keyHistory(organizationID: w.org, keyID: key).count == 1)
    }

    @Test func rotationIsAllowedOncePerThirtyDays() throws {
        let w = World()
        let key = try w.awsKey()
        try w.store.rotateKey(organizationID: w.org, keyID: key, config: World.awsConfig(suffix: "7"), by: w.actor)
        let early = capellaError { try w.store.rotateKey(organizationID: w.org, keyID: key, config: World.awsConfig(suffix: "8"), by: w.actor) }
        #expect(early?.httpStatusCode == 422)
        #expect(early?.message.contains("30 days") == true)
        w.store.advanceClock(by: 30 * 86_400 - 1)
        #expect(capellaError { try w.store.rotateKey(organizationID: w.org, keyID: key, config: World.awsConfig(suffix: "8"), by: w.actor) } != nil)
        w.store.advanceClock(by: 1)
        try w.store.rotateKey(organizationID: w.org, keyID: key, config: World.awsConfig(suffix: "8"), by: w.actor)
        #expect(try w.store.keyHistory(organizationID: w.org, keyID: key).count == 3)
    }

    @Test func rotationIsRefusedWhileAClusterOnTheKeyIsBusy() throws {
        let w = World()
        let key = try w.awsKey()
        try w.store.associate(organizationID: w.org, projectID: w.project, clusterID: w.cluster, keyID: key)
        let error = capellaError { try w.store.rotateKey(organizationID: w.org, keyID: key, config: World.awsConfig(suffix: "7"), by: w.actor) }
        #expect(error?.httpStatusCode == 422)
        #expect(try w.store.key(organizationID: w.org, keyID: key).element.lastRotatedAt == nil)
    }

    @Test func rotationMustKeepServingTheClustersRegion() throws {
        let w = World()
        let key = try w.awsKey()
        try w.store.associate(organizationID: w.org, projectID: w.project, clusterID: w.cluster, keyID: key)
        w.store.advanceClock(by: 420)
        let error = capellaError { try w.store.rotateKey(organizationID: w.org, keyID: key, config: World.awsConfig(region: "eu-west-1", suffix: "7"), by: w.actor) }
        #expect(error?.httpStatusCode == 422)
        #expect(try w.state() == .healthy)
    }
}
