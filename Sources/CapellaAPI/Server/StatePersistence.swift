// --state-file: after every change the whole state is written (atomically) to one file, and
// read back at start, so a restarted server (or container) carries on where it stopped. Writes
// only move forward: an export older than the one already on disk is skipped.

import CapellaDomain
import MockJSON
import Synchronization

final class StatePersistence: Sendable {
    let path: String
    private let logger: Logger
    /// The store, attached once after it is built (it calls back into this object).
    private let store = Mutex<Store?>(nil)
    /// The generation last written.
    private let written = Mutex<Int>(-1)

    init(path: String, logger: Logger) {
        self.path = path
        self.logger = logger
    }

    func attach(_ store: Store) {
        self.store.withLock { $0 = store }
    }

    /// Writes the current state unless a newer or equal one is already on disk; `force` writes
    /// anyway (at shutdown, to record the latest clock).
    func save(force: Bool = false) {
        guard let store = store.withLock({ $0 }) else { return }
        let export = store.export()  // before taking the write lock: exporting may settle and call back
        written.withLock { written in
            guard force || export.generation > written else { return }
            do {
                try AtomicFile.write(JSONWriter.prettyBytes(Snapshot.encode(export.contents)), to: path)
                written = max(written, export.generation)
            } catch {
                logger.event("could not save the state to \(path): \(error)", level: .error)
            }
        }
    }
}
