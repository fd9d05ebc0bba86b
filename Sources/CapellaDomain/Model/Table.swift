// An id-keyed collection that remembers insertion order, so lists come back in creation order
// (the default sort) and lookups stay O(1).

public protocol Identified: Sendable {
    var id: String { get }
}

extension Organization: Identified {}
extension APIKey: Identified {}
extension Project: Identified {}
extension Cluster: Identified {}
extension CMEKKey: Identified {}

public struct Table<Element: Identified>: Sendable, Sequence {
    private var order: [String] = []
    private var byID: [String: Element] = [:]

    public init(_ elements: [Element] = []) {
        for element in elements { insert(element) }
    }

    public subscript(id: String) -> Element? {
        get { byID[id] }
        set {
            if let newValue {
                precondition(newValue.id == id, "a table entry must be stored under its own id")
                insert(newValue)
            } else {
                remove(id)
            }
        }
    }

    /// Adds or replaces; a replaced element keeps its place in the order.
    public mutating func insert(_ element: Element) {
        if byID.updateValue(element, forKey: element.id) == nil {
            order.append(element.id)
        }
    }

    @discardableResult
    public mutating func remove(_ id: String) -> Element? {
        guard let removed = byID.removeValue(forKey: id) else { return nil }
        order.removeAll { $0 == id }
        return removed
    }

    public var count: Int { order.count }
    public var isEmpty: Bool { order.isEmpty }
    public var ids: [String] { order }
    public var values: [Element] { order.map { byID[$0]! } }

    public func makeIterator() -> IndexingIterator<[Element]> {
        values.makeIterator()
    }
}

extension Table: Equatable where Element: Equatable {
    public static func == (a: Table, b: Table) -> Bool {
        a.order == b.order && a.byID == b.byID
    }
}
