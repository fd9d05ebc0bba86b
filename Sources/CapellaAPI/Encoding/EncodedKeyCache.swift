// The JSON of recently served CMEK keys, reused while a key is unchanged: a key is read far
// more often than it changes, and writing its JSON was the largest part of answering a GET.
// Entries are found by the key's stamp, which the store gives each value of a key anew
// (`Stored`): a rotated, renamed or restored key has another stamp and is written afresh.

import CapellaDomain
import MockJSON
import Synchronization

final class EncodedKeyCache: Sendable {
    private let entries = Mutex<[UInt64: [UInt8]]>([:])
    /// Bounds the memory: past this many keys the cache starts over.
    static let capacity = 4096

    /// GetCMEKMetadata of `key`, appended to `out`.
    func write(_ key: Stored<CMEKKey>, into out: inout [UInt8]) {
        write(stamp: key.stamp, key: { key }, into: &out)
    }

    /// The same for the key with `stamp`, read through `key` only when its JSON is not cached.
    func write(stamp: UInt64, key: () -> Stored<CMEKKey>, into out: inout [UInt8]) {
        if let hit = entries.withLock({ $0[stamp] }) {
            out.append(contentsOf: hit)
            return
        }
        let json = JSONWriter.bytes(Representation.key(key().element))
        entries.withLock { entries in
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[stamp] = json
        }
        out.append(contentsOf: json)
    }

    func json(_ key: Stored<CMEKKey>) -> [UInt8] {
        var out: [UInt8] = []
        write(key, into: &out)
        return out
    }
}
