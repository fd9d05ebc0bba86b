// An id-keyed collection that remembers insertion order, so lists come back in creation order
// (the default sort) and lookups stay O(1). Elements that name a list group (one
// organization's keys, say) are also indexed by group, so a page of one group is read without
// walking the others.

public protocol Identified: Sendable {
    var id: String { get }
    /// The list this element is shown in, when lists of it are read a page at a time.
    var listGroup: String? { get }
}

extension Identified {
    public var listGroup: String? { nil }
}

extension Organization: Identified {}
extension APIKey: Identified {}
extension Project: Identified {}
extension Cluster: Identified {}
extension CMEKKey: Identified {
    /// An organization's keys, or one project's.
    public var listGroup: String? { CMEKKey.listGroup(organizationID: organizationID, projectID: projectID) }

    public static func listGroup(organizationID: String, projectID: String?) -> String {
        projectID.map { organizationID + "/" + $0 } ?? organizationID
    }
}

public struct Table<Element: Identified>: Sendable, Sequence {
    private var order: [String] = []
    /// The elements packed without gaps, found through `slots`: a dictionary holding whole
    /// elements kept about twice their size in empty buckets (over half the memory of a stored
    /// key). A removal moves the last element into the gap; `order` keeps insertion order.
    private var elements: [Element] = []
    private var slots: [String: Int32] = [:]
    /// Ids by list group, in insertion order; derived from the elements.
    private var groups: [String: [String]] = [:]

    public init(_ elements: [Element] = []) {
        for element in elements { insert(element) }
    }

    public subscript(id: String) -> Element? {
        get { slots[id].map { elements[Int($0)] } }
        set {
            if let newValue {
                precondition(newValue.id == id, "a table entry must be stored under its own id")
                insert(newValue)
            } else {
                remove(id)
            }
        }
    }

    /// Adds or replaces; a replaced element keeps its place in the order (and in its group,
    /// unless it moved to another group, where it goes last).
    public mutating func insert(_ element: Element) {
        var previous: Element?
        if let slot = slots[element.id] {
            previous = elements[Int(slot)]
            elements[Int(slot)] = element
        } else {
            slots[element.id] = Int32(elements.count)
            elements.append(element)
            order.append(element.id)
        }
        let oldGroup = previous?.listGroup
        let newGroup = element.listGroup
        if previous != nil && oldGroup == newGroup { return }
        if let oldGroup { removeFromGroup(oldGroup, element.id) }
        if let newGroup { groups[newGroup, default: []].append(element.id) }
    }

    @discardableResult
    public mutating func remove(_ id: String) -> Element? {
        guard let slot = slots.removeValue(forKey: id).map(Int.init) else { return nil }
        let removed = elements[slot]
        let last = elements.removeLast()
        if slot < elements.count {
            elements[slot] = last
            slots[last.id] = Int32(slot)
        }
        order.removeAll { $0 == id }
        if let group = removed.listGroup { removeFromGroup(group, id) }
        return removed
    }

    private mutating func removeFromGroup(_ group: String, _ id: String) {
        guard var ids = groups.removeValue(forKey: group) else { return }
        ids.removeAll { $0 == id }
        if !ids.isEmpty { groups[group] = ids }
    }

    public var count: Int { order.count }
    public var isEmpty: Bool { order.isEmpty }
    public var ids: [String] { order }
    public var values: [Element] { order.map { self[$0]! } }

    /// The elements of one list group, in insertion order.
    public func values(inGroup group: String) -> [Element] {
        (groups[group] ?? []).map { self[$0]! }
    }

    /// How many elements one list group has, and those at `offset..<offset + limit` of its
    /// order (counted from the newest when `newestFirst`), without touching the rest.
    public func window(ofGroup group: String, offset: Int, limit: Int, newestFirst: Bool) -> (total: Int, elements: [Element]) {
        let ids = groups[group] ?? []
        let start = Swift.min(ids.count, Swift.max(0, offset))
        let end = start + Swift.min(Swift.max(0, limit), ids.count - start)
        let range = newestFirst ? (ids.count - end)..<(ids.count - start) : start..<end
        let found = ids[range].map { self[$0]! }
        return (ids.count, newestFirst ? found.reversed() : found)
    }

    public func makeIterator() -> IndexingIterator<[Element]> {
        values.makeIterator()
    }
}

extension Table: Equatable where Element: Equatable {
    public static func == (a: Table, b: Table) -> Bool {
        a.order == b.order && a.order.allSatisfy { a[$0] == b[$0] }
    }
}
