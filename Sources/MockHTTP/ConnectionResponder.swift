import Synchronization

/// The responder handed to the handler for one request.
///
/// The handler may answer before `handle` returns (then the connection picks the answer up
/// synchronously and goes straight on with the next pipelined request, coalescing writes) or
/// later from any thread (then the answer hops onto the connection's queue). The Mutex decides
/// which of the two happened, so the race between "handle returned" and "send called" is safe.
final class ConnectionResponder: HTTPResponder {
    enum Outcome: Sendable {
        case response(HTTPResponse)
        case abort
    }

    private enum Slot: Sendable {
        case waiting
        case answeredEarly(Outcome)
        case detached
        case finished
    }

    private let slot = Mutex(Slot.waiting)
    private let connection: Connection
    private let serial: UInt64

    init(connection: Connection, serial: UInt64) {
        self.connection = connection
        self.serial = serial
    }

    func send(_ response: HTTPResponse) {
        deliver(.response(response))
    }

    func abort() {
        deliver(.abort)
    }

    private func deliver(_ outcome: Outcome) {
        let late = slot.withLockVisibleToTSan(self) { slot -> Bool? in
            switch slot {
            case .waiting:
                slot = .answeredEarly(outcome)
                return false
            case .detached:
                slot = .finished
                return true
            case .answeredEarly, .finished:
                return nil  // a second call: ignored
            }
        }
        switch late {
        case true?: connection.deliverLate(outcome, serial: serial)
        case false?: break
        case nil: connection.core.configuration.onEvent?("responder called more than once; extra call ignored")
        }
    }

    /// Called by the connection right after `handle` returns, on its queue. Returns the answer
    /// if it was already given; otherwise marks the responder so a later answer hops queues.
    func claimSynchronousOutcome() -> Outcome? {
        slot.withLockVisibleToTSan(self) { slot -> Outcome? in
            if case .answeredEarly(let outcome) = slot {
                slot = .finished
                return outcome
            }
            slot = .detached
            return nil
        }
    }
}
