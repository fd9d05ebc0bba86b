import Testing
@testable import CapellaDomain

/// The list-group index behind paged key lists: it must always agree with the elements.
@Suite struct TableTests {
    private func key(_ id: String, org: String = "o1", project: String? = nil, name: String = "k") -> CMEKKey {
        let config = KeyConfig.aws(arn: "arn:aws:kms:us-east-1:123456789012:key/\(id)")
        let audit = Audit(by: "me", at: SimTime(milliseconds: 0))
        return CMEKKey(id: id, organizationID: org, projectID: project, name: name, description: "", config: config,
                       history: [], lastRotatedAt: nil, audit: audit)
    }

    private func ids(_ elements: [Stored<CMEKKey>]) -> [String] { elements.map(\.element.id) }

    @Test func groupsKeepInsertionOrderAndFollowReplaceAndRemove() {
        var table = Table<CMEKKey>()
        for id in ["a", "b", "c", "d"] { table.insert(key(id)) }
        table.insert(key("p", project: "p1"))
        table.insert(key("x", org: "o2"))
        #expect(ids(table.values(inGroup: "o1")) == ["a", "b", "c", "d"])
        #expect(ids(table.values(inGroup: "o1/p1")) == ["p"])
        #expect(ids(table.values(inGroup: "o2")) == ["x"])

        // Replacing within the group keeps the place and the new value.
        table.insert(key("b", name: "renamed"))
        #expect(ids(table.values(inGroup: "o1")) == ["a", "b", "c", "d"])
        #expect(table.values(inGroup: "o1")[1].element.name == "renamed")

        // Moving to another group leaves the old one.
        table.insert(key("c", org: "o2"))
        #expect(ids(table.values(inGroup: "o1")) == ["a", "b", "d"])
        #expect(ids(table.values(inGroup: "o2")) == ["x", "c"])

        table.remove("a")
        table["d"] = nil
        #expect(ids(table.values(inGroup: "o1")) == ["b"])
        table.remove("b")
        #expect(table.values(inGroup: "o1").isEmpty)
        #expect(table.window(ofGroup: "o1", offset: 0, limit: 10, newestFirst: false).total == 0)
        #expect(table.ids == ["c", "p", "x"])  // a replaced element keeps its place overall
    }

    @Test func windowsMatchSlicesOfTheWholeGroup() {
        var table = Table<CMEKKey>()
        let all = (0..<23).map { "k\($0)" }
        for id in all { table.insert(key(id)) }
        table.insert(key("other", org: "o2"))
        for newestFirst in [false, true] {
            let order = newestFirst ? Array(all.reversed()) : all
            for offset in [0, 5, 20, 22, 23, 24, 1000, Int.max] {
                for limit in [0, 1, 7, 100, Int.max] {
                    let window = table.window(ofGroup: "o1", offset: offset, limit: limit, newestFirst: newestFirst)
                    let start = min(order.count, offset)
                    let end = start + min(limit, order.count - start)
                    #expect(window.total == 23)
                    #expect(ids(window.elements) == Array(order[start..<end]), "offset \(offset) limit \(limit) newest \(newestFirst)")
                    var visited: [Stored<CMEKKey>] = []
                    var stamps: [UInt64] = []
                    let total = table.forEach(inWindowOfGroup: "o1", offset: offset, limit: limit, newestFirst: newestFirst) {
                        stamps.append($0)
                        visited.append($1())
                    }
                    #expect(total == 23)
                    #expect(ids(visited) == ids(window.elements))
                    #expect(stamps == window.elements.map(\.stamp))
                    #expect(visited.map(\.stamp) == stamps)
                }
            }
        }
        #expect(table.window(ofGroup: "o1", offset: -3, limit: 2, newestFirst: false).elements.map(\.element.id) == ["k0", "k1"])
        #expect(table.window(ofGroup: "none", offset: 0, limit: 5, newestFirst: true).total == 0)
        #expect(table.forEach(inWindowOfGroup: "none", offset: 0, limit: 5, newestFirst: true) { _, _ in Issue.record("visited") } == 0)
    }

    @Test func rebuiltTablesCompareEqualWhateverTheirHistory() {
        var grown = Table<CMEKKey>()
        for id in ["a", "b", "c"] { grown.insert(key(id)) }
        grown.remove("b")
        let fresh = Table([key("a"), key("c")])
        #expect(grown == fresh)
        #expect(ids(grown.values(inGroup: "o1")) == ids(fresh.values(inGroup: "o1")))
    }

    /// Thousands of inserts, replacements, group moves and removals (enough for many segments
    /// and for compactions), checked after every step against a plain ordered model.
    @Test func agreesWithAPlainModelThroughManySegmentsAndCompactions() {
        var random = SplitMix64(seed: 0x7AB1E)
        var table = Table<CMEKKey>()
        var order: [String] = []          // overall insertion order
        var byID: [String: CMEKKey] = [:]
        var groupOrder: [String: [String]] = [:]
        let organizations = ["o1", "o2", "o3"]
        var next = 0

        func checkGroup(_ group: String) {
            let expected = groupOrder[group] ?? []
            #expect(ids(table.values(inGroup: group)) == expected)
            for newestFirst in [false, true] {
                let sequence = newestFirst ? Array(expected.reversed()) : expected
                for offset in [0, 1, 17, 1023, 1024, 1500, sequence.count - 3, sequence.count] where offset >= 0 {
                    let window = table.window(ofGroup: group, offset: offset, limit: 10, newestFirst: newestFirst)
                    let start = min(offset, sequence.count)
                    #expect(window.total == expected.count)
                    #expect(ids(window.elements) == Array(sequence[start..<min(sequence.count, start + 10)]))
                    var visited: [Stored<CMEKKey>] = []
                    let total = table.forEach(inWindowOfGroup: group, offset: offset, limit: 10, newestFirst: newestFirst) {
                        visited.append($1())
                    }
                    #expect(total == expected.count)
                    #expect(ids(visited) == ids(window.elements))
                }
            }
        }

        for step in 0..<12_000 {
            let roll = Int(random.next() % 100)
            if roll < 55 || order.isEmpty {
                let id = "k\(next)"
                next += 1
                let org = organizations[Int(random.next() % 3)]
                let element = key(id, org: org)
                table.insert(element)
                order.append(id)
                byID[id] = element
                groupOrder[org, default: []].append(id)
            } else if roll < 90 {
                let id = order.remove(at: Int(random.next() % UInt64(order.count)))
                let removed = table.remove(id)
                #expect(removed == byID[id])
                let group = byID.removeValue(forKey: id)!.organizationID
                groupOrder[group]!.removeAll { $0 == id }
            } else {
                // Rename in place, or move to another organization (last in its new group).
                let id = order[Int(random.next() % UInt64(order.count))]
                let old = byID[id]!
                let org = roll < 95 ? old.organizationID : organizations[Int(random.next() % 3)]
                let element = key(id, org: org, name: "renamed \(step)")
                table[id] = element
                byID[id] = element
                if org != old.organizationID {
                    groupOrder[old.organizationID]!.removeAll { $0 == id }
                    groupOrder[org, default: []].append(id)
                }
            }
            if step % 997 == 0 || step == 11_999 {
                #expect(table.count == order.count)
                #expect(table.ids == order)
                for id in order { #expect(table[id] == byID[id]) }
                for org in organizations { checkGroup(org) }
            }
        }
        #expect(table[ "k0" ] == byID["k0"])
        #expect(table["never"] == nil)
        #expect(table.remove("never") == nil)

        // Emptied completely, the table is equal to a new one and takes new elements again.
        for id in order { table.remove(id) }
        #expect(table.isEmpty && table == Table())
        for org in organizations { #expect(table.window(ofGroup: org, offset: 0, limit: 10, newestFirst: false).total == 0) }
        table.insert(key("again"))
        #expect(table.ids == ["again"] && ids(table.values(inGroup: "o1")) == ["again"])
    }

    @Test func shardedDictionaryCountsUpdatesAndCompares() {
        var a = ShardedDictionary<Int>()
        var b = ShardedDictionary<Int>()
        #expect(a == b && a.count == 0 && a["x"] == nil)
        a.update("x") { $0 += 1 }  // nothing to update
        #expect(a["x"] == nil && a.count == 0)
        for n in 0..<5_000 { a["k\(n)"] = n }
        for n in (0..<5_000).reversed() { b["k\(n)"] = n }
        #expect(a.count == 5_000 && a == b)
        a["k7"] = 70  // replacing does not count twice
        #expect(a.count == 5_000 && a["k7"] == 70 && a != b)
        a.update("k7") { $0 = 7 }
        #expect(a == b)
        #expect(a.removeValue(forKey: "k1") == 1 && a.removeValue(forKey: "k1") == nil)
        a["k2"] = nil
        #expect(a.count == 4_998 && a["k1"] == nil && a["k2"] == nil && a["k3"] == 3)
        for n in 0..<5_000 { a["k\(n)"] = nil }
        #expect(a.count == 0 && a == ShardedDictionary())
    }

    /// A stamp stands for one value of one element: it changes on every replacement, survives
    /// copies and moves (group changes, compactions), and is never handed out twice.
    @Test func stampsFollowValuesNotPlaces() {
        var table = Table<CMEKKey>()
        for n in 0..<3_000 { table.insert(key("k\(n)")) }
        let first = table.stored("k2999")!.stamp
        let copy = table
        #expect(copy.stored("k2999")?.stamp == first)
        table.insert(key("k2999", name: "renamed"))
        let second = table.stored("k2999")!.stamp
        #expect(second != first && copy.stored("k2999")?.stamp == first)
        // Moving groups and compacting around it keep the value, so they keep the stamp.
        table.insert(key("k2999", org: "o2", name: "renamed"))
        let third = table.stored("k2999")!.stamp
        for n in 0..<2_900 { table.remove("k\(n)") }
        #expect(table.stored("k2999")?.stamp == third && table.stored("k2999")?.element.name == "renamed")
        #expect(table.window(ofGroup: "o2", offset: 0, limit: 1, newestFirst: false).elements.first?.stamp == third)
        var other = Table<CMEKKey>()
        other.insert(key("k2999", org: "o2", name: "renamed"))
        let stamps = [first, second, third, other.stored("k2999")!.stamp]
        #expect(Set(stamps).count == 4)
        #expect(other.stored("k2999")?.element == table.stored("k2999")?.element)
    }
}
