// A dictionary keyed by strings, split into a fixed number of smaller ones. A Swift dictionary
// grows by rehashing every entry at once: at a million keys that held the store's lock for over
// half a second. Split 256 ways, the same growth happens one small part at a time.

struct ShardedDictionary<Value: Sendable>: Sendable {
    typealias Key = String

    private static var shardCount: Int { 256 }

    /// Empty until the first insertion, then `shardCount` dictionaries.
    private var shards: [[Key: Value]] = []
    private(set) var count = 0

    init() {}

    subscript(key: Key) -> Value? {
        get {
            shards.isEmpty ? nil : shards[Self.shard(of: key)][key]
        }
        set {
            if let newValue {
                if shards.isEmpty { shards = Array(repeating: [:], count: Self.shardCount) }
                if shards[Self.shard(of: key)].updateValue(newValue, forKey: key) == nil { count += 1 }
            } else {
                removeValue(forKey: key)
            }
        }
    }

    /// Changes the value stored for `key` in place; nothing happens when there is none.
    mutating func update(_ key: Key, _ change: (inout Value) -> Void) {
        guard !shards.isEmpty else { return }
        let shard = Self.shard(of: key)
        guard shards[shard][key] != nil else { return }
        change(&shards[shard][key]!)
    }

    @discardableResult
    mutating func removeValue(forKey key: Key) -> Value? {
        guard !shards.isEmpty, let removed = shards[Self.shard(of: key)].removeValue(forKey: key) else { return nil }
        count -= 1
        return removed
    }

    /// FNV-1a over the key's bytes: cheaper than a second SipHash (each shard hashes the key
    /// again, with its own seed, to find its bucket) and spread well enough to pick a shard.
    private static func shard(of key: String) -> Int {
        func fnv(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
            return hash
        }
        var hash = key.utf8.withContiguousStorageIfAvailable(fnv) ?? Array(key.utf8).withUnsafeBufferPointer(fnv)
        // A final mix, so that every byte of even a short key reaches the bits kept.
        hash ^= hash >> 33
        hash &*= 0xff51_afd7_ed55_8ccd
        hash ^= hash >> 33
        return Int(truncatingIfNeeded: hash) & (shardCount - 1)
    }
}

extension ShardedDictionary: Equatable where Value: Equatable {
    /// The same entries: a key lands in the same shard in both.
    static func == (a: ShardedDictionary, b: ShardedDictionary) -> Bool {
        a.count == b.count && (a.count == 0 || a.shards == b.shards)
    }
}
