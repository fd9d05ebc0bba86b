import Dispatch
import Synchronization
import Testing
@testable import CapellaDomain

@Suite struct TimerTests {
    /// At a high time scale the Dispatch timer completes a transition with nobody reading:
    /// the store reports the change by itself. (Waits on the event, with a generous bound.)
    @Test func theTimerFiresDueTransitionsWithoutAnyRead() throws {
        let clock = ScaledClock(timeScale: 100_000)  // 420 simulated seconds ≈ 4 ms
        let identity = BuiltInSeed.Identity(organizationID: Identifier.newUUID(), token: "t")
        let state = BuiltInSeed.state(identity: identity, at: clock.now())
        let healthyAgain = DispatchSemaphore(value: 0)
        let clusterID = state.clusters.values[0].id
        let store = Store(state: state, clock: clock, onEvent: { event in
            if case .clusterState(let id, _, .rebalancing?, .healthy?) = event, id == clusterID { healthyAgain.signal() }
        })
        let key = try store.createKey(organizationID: identity.organizationID, name: "k", description: "",
                                      config: World.awsConfig(), by: "me")
        try store.associate(organizationID: identity.organizationID, projectID: state.projects.values[0].id,
                            clusterID: clusterID, keyID: key.id)
        #expect(healthyAgain.wait(timeout: .now() + 10) == .success)
    }

    /// A frozen clock never fires: only an explicit advance moves transitions.
    @Test func aFrozenClockWaitsForAdvance() throws {
        let clock = ScaledClock(timeScale: 0)
        let before = clock.now()
        #expect(clock.realSeconds(until: before.adding(seconds: 1)) == nil)
        #expect(clock.now() == before)
        #expect(clock.advance(by: 5) == before.adding(seconds: 5))
    }
}

@Suite struct ReadSettlesTests {
    /// A plain read takes a shortcut when nothing is due; once a deadline has passed on the clock
    /// (moved without the store's help), the read must settle first, never show the stale state.
    @Test func aReadAfterADeadlineSeesTheSettledState() throws {
        let world = World()
        let key = try world.awsKey()
        try world.store.associate(organizationID: world.org, projectID: world.project, clusterID: world.cluster, keyID: key)
        #expect(try world.state() == .rebalancing)
        world.clock.advance(by: 1)
        #expect(try world.state() == .rebalancing)
        world.clock.advance(by: 24 * 3600)
        #expect(try world.state() == .healthy)
        #expect(try world.store.read { state, _ in state.clusters[world.cluster]?.cmekID } == key)
    }
}

@Suite struct StoreEventTests {
    /// Cluster events come from comparing the clusters before and after a transaction, which is
    /// skipped when no cluster was touched: every change must still be reported exactly once,
    /// and writes that leave the clusters alone report nothing.
    @Test func everyClusterChangeIsReportedOnceAndOtherWritesReportNothing() throws {
        let clock = ManualClock()
        let identity = BuiltInSeed.Identity(organizationID: Identifier.newUUID(), token: "t")
        let state = BuiltInSeed.state(identity: identity, at: clock.now())
        let seen = Mutex<[StoreEvent]>([])
        let store = Store(state: state, clock: clock, onEvent: { event in seen.withLock { $0.append(event) } })
        let org = identity.organizationID
        let project = state.projects.values[0].id
        let cluster = state.clusters.values[0].id
        func events() -> [StoreEvent] { seen.withLock { events in defer { events = [] }; return events } }

        let key = try store.createKey(organizationID: org, name: "k", description: "", config: World.awsConfig(), by: "me")
        _ = try store.createKey(organizationID: org, name: "k2", description: "", config: World.awsConfig(suffix: "8"), by: "me")
        #expect(events().isEmpty)

        try store.associate(organizationID: org, projectID: project, clusterID: cluster, keyID: key.id)
        #expect(events() == [.clusterState(clusterID: cluster, name: "Default Cluster", from: .healthy, to: .rebalancing)])
        store.advanceClock(by: 419)
        #expect(events().isEmpty)
        store.advanceClock(by: 1)
        #expect(events() == [.clusterState(clusterID: cluster, name: "Default Cluster", from: .rebalancing, to: .healthy)])

        let created = try store.createCluster(organizationID: org, projectID: project, spec: World.spec(), cmekID: nil, by: "me")
        #expect(events() == [.clusterState(clusterID: created.id, name: "c", from: nil, to: .deploying)])
        store.advanceClock(by: 600)
        #expect(events() == [.clusterState(clusterID: created.id, name: "c", from: .deploying, to: .healthy)])
        try store.deleteCluster(organizationID: org, projectID: project, clusterID: created.id)
        #expect(events() == [.clusterState(clusterID: created.id, name: "c", from: .healthy, to: .destroying)])
        store.advanceClock(by: 120)
        #expect(events() == [.clusterState(clusterID: created.id, name: "c", from: .destroying, to: nil)])
        _ = try store.key(organizationID: org, keyID: key.id)
        #expect(events().isEmpty)
    }
}
