import Dispatch
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
