// An id-keyed collection that remembers insertion order, so lists come back in creation order
// (the default sort) and lookups stay O(1). Elements that name a list group (one
// organization's keys, say) are also indexed by group, so a page of one group is read without
// walking the others.

import Synchronization

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

/// One counter for the tables of every element type (a generic type cannot have stored statics).
private enum TableRevisions {
    private static let counter = Atomic<UInt64>(0)

    static func next() -> UInt64 {
        counter.add(1, ordering: .relaxed).newValue
    }
}

/// An element as a table holds it, with a stamp that changes whenever it is inserted or
/// replaced: no two insertions in the process share one, so a stamp stands for exactly one value
/// of the element (what a cache of its encoding checks).
///
/// A class of constants rather than a struct: reads hand elements out of the store, and a
/// copy of a key struct retained each of its strings and arrays (about ten reference counts
/// per key, a third of a list page's cost), where a copy of this reference retains one.
public final class Stored<Element: Sendable>: Sendable {
    public let element: Element
    public let stamp: UInt64

    init(element: Element, stamp: UInt64) {
        self.element = element
        self.stamp = stamp
    }
}

public struct Table<Element: Identified>: Sendable, Sequence {
    /// Where an element sits in `elements` and, when it has a list group, in that group.
    private struct Slot: Sendable {
        var element: SegmentedPosition
        var member: SegmentedPosition?
    }

    /// The elements in insertion order, packed (a dictionary of whole elements kept about twice
    /// their size in empty buckets), in segments so that no insertion or removal costs time in
    /// proportion to the whole table.
    private var elements = SegmentedList<Stored<Element>>()
    private var slots = ShardedDictionary<Slot>()
    /// Each list group's elements (their positions in `elements`), in insertion order: a page
    /// of a group is read without a lookup per element. Derived from the elements.
    private var groups: [String: SegmentedList<SegmentedPosition>] = [:]
    /// Changes with every insertion and removal, to a number no other table in the process has
    /// had: two copies with the same revision hold the same elements, so a caller keeping an
    /// earlier copy tells cheaply whether anything may have changed. Not part of equality.
    public private(set) var revision: UInt64 = 0

    public init(_ elements: [Element] = []) {
        for element in elements { insert(element) }
    }

    public subscript(id: String) -> Element? {
        get {
            guard let slot = slots[id] else { return nil }
            return elements[slot.element].element
        }
        set {
            if let newValue {
                precondition(newValue.id == id, "a table entry must be stored under its own id")
                insert(newValue)
            } else {
                remove(id)
            }
        }
    }

    public func stored(_ id: String) -> Stored<Element>? {
        slots[id].map { elements[$0.element] }
    }

    /// Adds or replaces; a replaced element keeps its place in the order (and in its group,
    /// unless it moved to another group, where it goes last).
    public mutating func insert(_ element: Element) {
        revision = TableRevisions.next()
        let stored = Stored(element: element, stamp: revision)
        let newGroup = element.listGroup
        guard let slot = slots[element.id] else {
            let position = elements.append(stored)
            let member = newGroup.map { groups[$0, default: SegmentedList()].append(position) }
            slots[element.id] = Slot(element: position, member: member)
            return
        }
        let oldGroup = elements[slot.element].element.listGroup
        elements[slot.element] = stored
        guard oldGroup != newGroup else { return }
        if let oldGroup, let member = slot.member { removeMember(at: member, of: oldGroup) }
        let member = newGroup.map { groups[$0, default: SegmentedList()].append(slot.element) }
        slots.update(element.id) { $0.member = member }
    }

    @discardableResult
    public mutating func remove(_ id: String) -> Element? {
        guard let slot = slots.removeValue(forKey: id) else { return nil }
        revision = TableRevisions.next()
        // The group first, while every group entry still points at its element.
        if let group = elements[slot.element].element.listGroup, let member = slot.member {
            removeMember(at: member, of: group)
        }
        let (removed, moved) = elements.remove(at: slot.element)
        // Elements moved by a compaction: their slots and group entries follow them.
        for (stored, position) in moved {
            var member: SegmentedPosition?
            slots.update(stored.element.id) { slot in
                slot.element = position
                member = slot.member
            }
            if let member, let group = stored.element.listGroup { groups[group]?[member] = position }
        }
        return removed.element
    }

    private mutating func removeMember(at member: SegmentedPosition, of group: String) {
        guard var members = groups.removeValue(forKey: group) else { return }
        for (element, position) in members.remove(at: member).moved {
            slots.update(elements[element].element.id) { $0.member = position }
        }
        if !members.isEmpty { groups[group] = members }
    }

    public var count: Int { elements.count }
    public var isEmpty: Bool { elements.isEmpty }
    public var ids: [String] { elements.all.map(\.element.id) }
    public var values: [Element] { elements.all.map(\.element) }

    /// The elements of one list group, in insertion order.
    public func values(inGroup group: String) -> [Stored<Element>] {
        (groups[group]?.all ?? []).map { elements[$0] }
    }

    /// How many elements one list group has, and those at `offset..<offset + limit` of its
    /// order (counted from the newest when `newestFirst`), without touching the rest.
    public func window(ofGroup group: String, offset: Int, limit: Int, newestFirst: Bool) -> (total: Int, elements: [Stored<Element>]) {
        var found: [Stored<Element>] = []
        let total = forEach(inWindowOfGroup: group, offset: offset, limit: limit, newestFirst: newestFirst) { _, element in
            found.append(element())
        }
        return (total, found)
    }

    /// The same window, each element's stamp handed to `visit` with a way to read the element:
    /// a caller that keeps what it made of each stamp reads (and copies) only the elements it
    /// has not seen. Returns the group's size.
    public func forEach(inWindowOfGroup group: String, offset: Int, limit: Int, newestFirst: Bool,
                        _ visit: (_ stamp: UInt64, _ element: () -> Stored<Element>) -> Void) -> Int {
        guard let members = groups[group] else { return 0 }
        members.forEach(inWindowAt: offset, limit: limit, fromEnd: newestFirst) { position in
            let stored = elements[position]
            visit(stored.stamp) { stored }
        }
        return members.count
    }

    public func makeIterator() -> IndexingIterator<[Element]> {
        values.makeIterator()
    }
}

extension Table: Equatable where Element: Equatable {
    /// The same elements in the same order, however each table got there (stamps aside).
    public static func == (a: Table, b: Table) -> Bool {
        a.count == b.count && a.values == b.values
    }
}
