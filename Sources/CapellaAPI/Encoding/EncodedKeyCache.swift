// The JSON of recently served CMEK keys, reused while a key is unchanged: a key is read far
// more often than it changes, and writing its JSON was the largest part of answering a GET.
// An entry is used only when the stored key equals the key being served, field by field, so a
// rotated or renamed key is always written afresh.

import CapellaDomain
import MockJSON
import Synchronization

final class EncodedKeyCache: Sendable {
    /// A class, so that a lookup copies one reference rather than every field of the key.
    private final class Entry: Sendable {
        let key: CMEKKey
        let json: [UInt8]
        init(key: CMEKKey, json: [UInt8]) {
            self.key = key
            self.json = json
        }
    }

    private let entries = Mutex<[String: Entry]>([:])
    /// Bounds the memory: past this many keys the cache starts over.
    static let capacity = 4096

    /// GetCMEKMetadata of `key`, appended to `out`.
    func write(_ key: CMEKKey, into out: inout [UInt8]) {
        if let hit = entries.withLock({ $0[key.id] }), hit.key == key {
            out.append(contentsOf: hit.json)
            return
        }
        let entry = Entry(key: key, json: JSONWriter.bytes(Representation.key(key)))
        entries.withLock { entries in
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[key.id] = entry
        }
        out.append(contentsOf: entry.json)
    }

    func json(_ key: CMEKKey) -> [UInt8] {
        var out: [UInt8] = []
        write(key, into: &out)
        return out
    }
}
