// An ordered list kept in segments of at most `segmentCapacity` places, so that no single
// append or removal costs time in proportion to the whole list. A plain array of a million keys
// paused the store's lock for 100–300 ms each time it doubled and for 80 ms on every removal
// (measured in the Table behind the store).
//
// A removal leaves a hole, so positions stay valid and nothing has to be told where its value
// went. Once holes fill half of a segment, that segment alone is compacted: its values move up
// in order and `remove` returns their new positions. Each compaction follows at least as many
// removals as it moves values, so a removal costs O(1) on average and O(segmentCapacity) at worst.

/// Where a value sits: its segment and its place in it.
struct SegmentedPosition: Sendable, Equatable {
    var segment: Int32
    var index: Int32
}

struct SegmentedList<Value: Sendable>: Sendable {
    static var segmentCapacity: Int { 1024 }

    /// Places in order, segment after segment; nil is a removed value's hole.
    private var segments: [[Value?]] = []
    /// Values (not holes) in each segment, kept apart so that finding an offset reads one small
    /// array instead of every segment.
    private var liveCounts: [Int32] = []
    private(set) var count = 0

    var isEmpty: Bool { count == 0 }

    subscript(position: SegmentedPosition) -> Value {
        get { segments[Int(position.segment)][Int(position.index)]! }
        set { segments[Int(position.segment)][Int(position.index)] = newValue }
    }

    /// Adds at the end; returns where the value went.
    mutating func append(_ value: Value) -> SegmentedPosition {
        if segments.isEmpty || segments[segments.count - 1].count >= Self.segmentCapacity {
            segments.append([])
            liveCounts.append(0)
        }
        let segment = segments.count - 1
        segments[segment].append(value)
        liveCounts[segment] += 1
        count += 1
        return SegmentedPosition(segment: Int32(segment), index: Int32(segments[segment].count - 1))
    }

    /// Removes the value at `position`. When that compacts its segment, the values that moved are
    /// returned with their new positions (in `moved`, for the caller's index of positions).
    mutating func remove(at position: SegmentedPosition) -> (removed: Value, moved: [(value: Value, position: SegmentedPosition)]) {
        let segment = Int(position.segment)
        let removed = segments[segment][Int(position.index)]!
        segments[segment][Int(position.index)] = nil
        liveCounts[segment] -= 1
        count -= 1
        let live = Int(liveCounts[segment])
        if live == 0 {
            segments[segment] = []
            while let last = segments.last, last.isEmpty {
                segments.removeLast()
                liveCounts.removeLast()
            }
            return (removed, [])
        }
        guard segments[segment].count >= 16 && live * 2 <= segments[segment].count else { return (removed, []) }
        // Half holes: the values move up, in order, into a buffer of their own size.
        var packed: [Value?] = []
        packed.reserveCapacity(live)
        var moved: [(value: Value, position: SegmentedPosition)] = []
        for (index, place) in segments[segment].enumerated() {
            guard let value = place else { continue }
            if packed.count != index {
                moved.append((value, SegmentedPosition(segment: position.segment, index: Int32(packed.count))))
            }
            packed.append(value)
        }
        segments[segment] = packed
        return (removed, moved)
    }

    /// Hands `body` the values at `offset..<offset + limit` of the order (counted from the end
    /// when `fromEnd`, and then newest first), skipping whole segments to reach them.
    func forEach(inWindowAt offset: Int, limit: Int, fromEnd: Bool, _ body: (Value) -> Void) {
        var skip = max(0, offset)
        var wanted = min(max(0, limit), max(0, count - skip))
        guard wanted > 0 else { return }
        var segment = fromEnd ? segments.count - 1 : 0
        let step = fromEnd ? -1 : 1
        while wanted > 0 && segments.indices.contains(segment) {
            let live = Int(liveCounts[segment])
            if skip >= live {
                skip -= live
                segment += step
                continue
            }
            segments[segment].withUnsafeBufferPointer { places in
                var index = fromEnd ? places.count - 1 : 0
                while wanted > 0 && places.indices.contains(index) {
                    if places[index] != nil {
                        if skip > 0 {
                            skip -= 1
                        } else {
                            body(places[index].unsafelyUnwrapped)
                            wanted -= 1
                        }
                    }
                    index += step
                }
            }
            segment += step
        }
    }

    var all: [Value] {
        var values: [Value] = []
        values.reserveCapacity(count)
        for segment in segments {
            for case let value? in segment { values.append(value) }
        }
        return values
    }
}
