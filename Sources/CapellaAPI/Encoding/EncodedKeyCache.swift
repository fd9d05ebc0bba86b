// The JSON of recently served CMEK keys, reused while a key is unchanged: a key is read far
// more often than it changes, and writing its JSON was the largest part of answering a GET.
// An entry is used only when the stored key equals the key being served, field by field, so a
// rotated or renamed key is always written afresh.

import CapellaDomain
import MockJSON
import Synchronization

final class EncodedKeyCache: Sendable {
    private let entries = Mutex<[String: (key: CMEKKey, json: [UInt8])]>([:])
    /// Bounds the memory: past this many keys the cache starts over.
    static let capacity = 4096

    /// GetCMEKMetadata of `key`, appended to `out`.
    func write(_ key: CMEKKey, into out: inout [UInt8]) {
        if let hit = entries.withLock({ $0[key.id] }), hit.key == key {
            out.append(contentsOf: hit.json)
            return
        }
        let json = JSONWriter.bytes(Representation.key(key))
        entries.withLock { entries in
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[key.id] = (key, json)
        }
        out.append(contentsOf: json)
    }

    func json(_ key: CMEKKey) -> [UInt8] {
        var out: [UInt8] = []
        write(key, into: &out)
        return out
    }
}
