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

    private func ids(_ elements: [CMEKKey]) -> [String] { elements.map(\.id) }

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
        #expect(table.values(inGroup: "o1")[1].name == "renamed")

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
                }
            }
        }
        #expect(table.window(ofGroup: "o1", offset: -3, limit: 2, newestFirst: false).elements.map(\.id) == ["k0", "k1"])
        #expect(table.window(ofGroup: "none", offset: 0, limit: 5, newestFirst: true).total == 0)
    }

    @Test func rebuiltTablesCompareEqualWhateverTheirHistory() {
        var grown = Table<CMEKKey>()
        for id in ["a", "b", "c"] { grown.insert(key(id)) }
        grown.remove("b")
        let fresh = Table([key("a"), key("c")])
        #expect(grown == fresh)
        #expect(ids(grown.values(inGroup: "o1")) == ids(fresh.values(inGroup: "o1")))
    }
}
