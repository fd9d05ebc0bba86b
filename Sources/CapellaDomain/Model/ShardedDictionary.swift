// A dictionary split into a fixed number of smaller ones by the key's hash. A Swift dictionary
// grows by rehashing every entry at once: at a million keys that held the store's lock for over
// half a second. Split 256 ways, the same growth happens one small part at a time.

struct ShardedDictionary<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private static var shardCount: Int { 256 }

    /// Empty until the first insertion, then `shardCount` dictionaries. Each has its own hash
    /// seed, so keys that share a shard still spread over its buckets.
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

    private static func shard(of key: Key) -> Int {
        key.hashValue & (shardCount - 1)
    }
}

extension ShardedDictionary: Equatable where Value: Equatable {
    /// The same entries: a key lands in the same shard in both (one process, one hash seed).
    static func == (a: ShardedDictionary, b: ShardedDictionary) -> Bool {
        a.count == b.count && (a.count == 0 || a.shards == b.shards)
    }
}
