// The single owner of the mock's state. Every read and write goes through one lock, first
// applies the transitions that are due on the simulated clock, and leaves a Dispatch timer armed
// for the next deadline.
//
// Writes are two-phase: `check` may throw a CapellaError but only reads; `apply` mutates but cannot
// throw. So a refused request leaves the state exactly as it was.

import Synchronization

/// What a rule sees besides the state.
public struct Context: Sendable {
    public let now: SimTime
    public let durations: Durations
}

/// Something worth logging that the client did not directly ask for.
public enum StoreEvent: Sendable, Equatable {
    /// A cluster's `currentState` changed; `to` is nil when the cluster is gone.
    case clusterState(clusterID: String, name: String, from: ClusterState?, to: ClusterState?)
}

public final class Store: Sendable {
    public let clock: any SimClock

    private struct Guarded {
        var state: MockState
        var startState: MockState
        var startDurations: Durations
        var durations: Durations
        /// Always `state.nextDeadline`, cached: the timer is armed for it, and a read compares
        /// it with now to know whether anything is due.
        var nextDeadline: SimTime?
        /// Counts changes to the state or durations, so a writer of exports can tell a newer one.
        var generation = 0
    }

    private let guarded: Mutex<Guarded>
    private let scheduler = TransitionScheduler()
    private let onEvent: @Sendable (StoreEvent) -> Void
    /// Called (outside the lock) after anything that may have changed the state or durations.
    private let onChange: @Sendable () -> Void

    /// - Parameters:
    ///   - state, durations: what the store holds now.
    ///   - resetTo: what `reset()` returns to (default: `state` and `durations`).
    public init(state: MockState, clock: any SimClock, durations: Durations = .defaults,
                resetTo start: (state: MockState, durations: Durations)? = nil,
                onEvent: @escaping @Sendable (StoreEvent) -> Void = { _ in },
                onChange: @escaping @Sendable () -> Void = {}) {
        self.clock = clock
        self.onEvent = onEvent
        self.onChange = onChange
        self.guarded = Mutex(Guarded(state: state, startState: start?.state ?? state,
                                     startDurations: start?.durations ?? durations, durations: durations,
                                     nextDeadline: nil))
        scheduler.start { [weak self] in self?.settleNow() }
        armTimer()
    }

    // MARK: Transactions

    /// Reads the settled state.
    public func read<T>(_ body: (MockState, Context) throws(CapellaError) -> T) throws(CapellaError) -> T {
        // The hot path: with no transition due, a read neither settles nor reports anything, so
        // it runs straight under the lock. Otherwise it settles first, as every transaction does.
        let now = clock.now()
        let direct: Result<T, CapellaError>? = guarded.withLock { g in
            if let deadline = g.nextDeadline, deadline <= now { return nil }
            do throws(CapellaError) {
                return .success(try body(g.state, Context(now: now, durations: g.durations)))
            } catch {
                return .failure(error)
            }
        }
        if let direct { return try direct.get() }
        return try perform(mutating: false, check: body, apply: { _, value, _ in value })
    }

    /// Checks, then applies. `check` computes a plan from the settled state (or refuses);
    /// `apply` carries the plan out and returns the result.
    public func transact<Plan, T>(
        check: (MockState, Context) throws(CapellaError) -> Plan,
        apply: (inout MockState, Plan, Context) -> T
    ) throws(CapellaError) -> T {
        try perform(mutating: true, check: check, apply: apply)
    }

    private func perform<Plan, T>(
        mutating: Bool,
        check: (MockState, Context) throws(CapellaError) -> Plan,
        apply: (inout MockState, Plan, Context) -> T
    ) throws(CapellaError) -> T {
        let now = clock.now()
        let outcome: (Result<T, CapellaError>, [StoreEvent], SimTime?, Bool, Bool) = guarded.withLock { g in
            // A read with nothing due skips settling and the before/after comparison (the hot path).
            let due = g.nextDeadline.map { $0 <= now } ?? false
            let observe = mutating || due
            // Shares the clusters' storage: a copy is made only if this transaction changes a
            // cluster, and then it is what the cluster events are computed from.
            let clustersBefore = g.state.clusters
            if due { Settlement.settle(&g.state, until: now) }
            let context = Context(now: now, durations: g.durations)
            let result: Result<T, CapellaError>
            do throws(CapellaError) {
                let plan = try check(g.state, context)
                result = .success(apply(&g.state, plan, context))
            } catch {
                result = .failure(error)
            }
            guard observe else { return (result, [], nil, false, false) }
            // Deadlines and cluster states live in the clusters alone: when no cluster was
            // inserted or removed, neither changed (most writes, key creation among them).
            let clustersChanged = g.state.clusters.revision != clustersBefore.revision
            let events = clustersChanged ? Self.stateChanges(from: clustersBefore, to: g.state.clusters) : []
            let next = clustersChanged ? g.state.nextDeadline : g.nextDeadline
            let rearm = next != g.nextDeadline
            if rearm { g.nextDeadline = next }
            let changed = due || (mutating && (try? result.get()) != nil)
            if changed { g.generation += 1 }
            return (result, events, next, rearm, changed)
        }
        for event in outcome.1 { onEvent(event) }
        if outcome.3 { scheduleTimer(for: outcome.2) }
        if outcome.4 { onChange() }
        return try outcome.0.get()
    }

    // MARK: Time and lifecycle

    /// Moves the simulated clock forward and applies every transition due by then before returning.
    @discardableResult
    public func advanceClock(by seconds: Double) -> SimTime {
        let now = clock.advance(by: seconds)
        settleNow()
        return now
    }

    /// Applies whatever is due now (the timer calls this).
    public func settleNow() {
        try? read { _, _ in () }
    }

    /// Goes back to the state the store started with (and the starting durations). The clock
    /// keeps its time.
    public func reset() {
        let next: SimTime? = guarded.withLock { g in
            g.state = g.startState
            g.durations = g.startDurations
            g.nextDeadline = g.state.nextDeadline
            g.generation += 1
            return g.nextDeadline
        }
        scheduleTimer(for: next)
        onChange()
    }

    /// Replaces the state and durations at once and puts the clock at `now` (restoring a
    /// snapshot). The start state for `reset` stays what it was.
    public func replace(with contents: Snapshot.Contents) {
        replace(state: contents.state, durations: contents.durations, now: contents.now)
    }

    public func replace(state: MockState, durations: Durations, now: SimTime) {
        let next: SimTime? = guarded.withLock { g in
            clock.set(to: now)
            g.state = state
            g.durations = durations
            g.nextDeadline = g.state.nextDeadline
            g.generation += 1
            return g.nextDeadline
        }
        scheduleTimer(for: next)
        onChange()
    }

    /// The state, durations and time as a snapshot, with the change generation it reflects.
    public struct Export: Sendable {
        public var contents: Snapshot.Contents
        public var generation: Int
    }

    /// The settled state, the durations and the clock's time, read together.
    public func export() -> Export {
        settleNow()
        return guarded.withLock { g in
            Export(contents: Snapshot.Contents(state: g.state, now: clock.now(), durations: g.durations),
                   generation: g.generation)
        }
    }

    public var durations: Durations {
        guarded.withLock { $0.durations }
    }

    public func setDurations(_ durations: Durations) {
        guarded.withLock { g in
            g.durations = durations
            g.generation += 1
        }
        onChange()
    }

    /// A copy of the whole state, settled to now.
    public func snapshot() -> MockState {
        export().contents.state
    }

    // MARK: Timer

    private func armTimer() {
        let next: SimTime? = guarded.withLock { g in
            g.nextDeadline = g.state.nextDeadline
            return g.nextDeadline
        }
        scheduleTimer(for: next)
    }

    private func scheduleTimer(for deadline: SimTime?) {
        guard let deadline, let delay = clock.realSeconds(until: deadline) else {
            scheduler.cancel()
            return
        }
        scheduler.schedule(afterSeconds: delay)
    }

    // MARK: Events

    private static func stateChanges(from before: Table<Cluster>, to after: Table<Cluster>) -> [StoreEvent] {
        var events: [StoreEvent] = []
        for cluster in after {
            let old = before[cluster.id]?.currentState
            if old != cluster.currentState {
                events.append(.clusterState(clusterID: cluster.id, name: cluster.spec.name, from: old, to: cluster.currentState))
            }
        }
        for cluster in before where after[cluster.id] == nil {
            events.append(.clusterState(clusterID: cluster.id, name: cluster.spec.name, from: cluster.currentState, to: nil))
        }
        return events
    }
}
