// The values a route template captured from a path, by template name, in path order.
//
// A path has at most four captures, so a small array searched in order costs less than a
// dictionary built, hashed and copied for every request.

struct PathParameters: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    private(set) var pairs: [(name: String, value: String)]

    init(_ pairs: [(name: String, value: String)] = []) {
        self.pairs = pairs
    }

    init(dictionaryLiteral elements: (String, String)...) {
        pairs = elements.map { (name: $0.0, value: $0.1) }
    }

    subscript(name: String) -> String? {
        get {
            for pair in pairs where pair.name == name { return pair.value }
            return nil
        }
        set {
            let index = pairs.firstIndex { $0.name == name }
            switch (index, newValue) {
            case let (index?, value?): pairs[index].value = value
            case let (index?, nil): pairs.remove(at: index)
            case let (nil, value?): pairs.append((name, value))
            case (nil, nil): break
            }
        }
    }

    var count: Int { pairs.count }

    /// Same names with the same values, in any order (as for a dictionary).
    static func == (lhs: PathParameters, rhs: PathParameters) -> Bool {
        lhs.count == rhs.count && lhs.pairs.allSatisfy { rhs[$0.name] == $0.value }
    }
}
