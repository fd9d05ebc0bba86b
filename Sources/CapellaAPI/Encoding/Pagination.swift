// List pages as Capella returns them: {data, cursor: {pages, hrefs}}.
// page starts at 1; perPage defaults to 10, at most 100; `next` is absent on the last page and
// `previous` on the first; all four hrefs are present, "" when there is none.

import CapellaDomain
import MockHTTP
import MockJSON

struct PageRequest {
    var page = 1
    var perPage = 10
    var sortBy: [String] = []
    var descending = false
    /// Whether the query named a direction (then the links repeat it).
    var directionGiven = false

    /// Reads page, perPage, sortBy and sortDirection. Bad numbers are 400; an unknown sort field
    /// or direction is 422.
    init(_ query: QueryParameters, sortable: Set<String>) throws(CapellaError) {
        if let text = query["page"] {
            guard let page = Int(text), page >= 1 else {
                // All digits but past Int: say so rather than call a large page number not one.
                let tooLarge = Int(text) == nil && !text.isEmpty
                    && text.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
                throw CapellaError.invalidQuery(tooLarge
                    ? "page \"\(text)\" is too large; the largest page number is \(Int.max)."
                    : "page \"\(text)\" must be a whole number of at least 1.")
            }
            self.page = page
        }
        if let text = query["perPage"] {
            guard let perPage = Int(text), (1...100).contains(perPage) else {
                throw CapellaError.invalidQuery("perPage \"\(text)\" must be a whole number from 1 to 100.")
            }
            self.perPage = perPage
        }
        sortBy = query.list("sortBy")
        if query.hasEmptyItem("sortBy") {
            throw CapellaError.unprocessable("sortBy has an empty field name; name a field such as \"name\".")
        }
        for field in sortBy where !sortable.contains(field) {
            throw CapellaError.unprocessable("sortBy \"\(field)\" is not a field this list can be sorted by; use one of \(sortable.sorted().joined(separator: ", ")).")
        }
        if let direction = query["sortDirection"] {
            directionGiven = true
            switch direction {
            case "asc": descending = false
            case "desc": descending = true
            default: throw CapellaError.unprocessable("sortDirection \"\(direction)\" is not valid; use asc or desc.")
            }
        }
    }
}

/// The columns a list can be sorted by, with the lookups each request needs made once.
struct SortKeys<Item>: Sendable, ExpressibleByArrayLiteral {
    let byName: [String: SortKey<Item>]
    let names: Set<String>

    init(arrayLiteral keys: SortKey<Item>...) {
        byName = Dictionary(keys.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        names = Set(byName.keys)
    }
}

/// A sortable column: compares two items for one `sortBy` field.
struct SortKey<Item>: Sendable {
    let name: String
    let less: @Sendable (Item, Item) -> Bool

    static func string(_ name: String, _ value: @escaping @Sendable (Item) -> String) -> SortKey {
        SortKey(name: name) { value($0) < value($1) }
    }

    static func time(_ name: String, _ value: @escaping @Sendable (Item) -> SimTime) -> SortKey {
        SortKey(name: name) { value($0) < value($1) }
    }

    static func bool(_ name: String, _ value: @escaping @Sendable (Item) -> Bool) -> SortKey {
        SortKey(name: name) { !value($0) && value($1) }
    }
}

/// Where a list's items come from: all of them (to sort here), and, when the store can, a
/// window of the default (creation) order that writes its items' JSON, comma-separated, into
/// the body itself (no item passes through here, so none is copied out of the store) and
/// returns how many items the list has.
struct ListSource<Item> {
    let all: () throws(CapellaError) -> [Item]
    let window: ((_ offset: Int, _ limit: Int, _ newestFirst: Bool, _ out: inout [UInt8]) throws(CapellaError) -> Int)?

    static func items(_ items: [Item]) -> ListSource {
        ListSource(all: { items }, window: nil)
    }
}

enum Pagination {
    /// Sorts (stably; default: creation order), slices and wraps `items` as a Capella list body.
    static func page<Item>(_ items: [Item], keys: SortKeys<Item>, context: RequestContext,
                           render: (Item) -> JSONValue) throws(CapellaError) -> [UInt8] {
        try page(.items(items), keys: keys, context: context) { item, out in JSONWriter.write(render(item), into: &out) }
    }

    /// The same from a `ListSource`, each item written by `encode`. The query is checked first
    /// (400/422), then the source is read.
    static func page<Item>(_ source: ListSource<Item>, keys: SortKeys<Item>, context: RequestContext,
                           encode: (Item, inout [UInt8]) -> Void) throws(CapellaError) -> [UInt8] {
        let request = try PageRequest(context.query, sortable: keys.names)
        let fields = request.sortBy.compactMap { keys.byName[$0] }
        // A page far past the end is simply empty (and must not overflow on the way).
        let (offset, overflow) = (request.page - 1).multipliedReportingOverflow(by: request.perPage)
        var out: [UInt8] = []
        out.reserveCapacity(128 + min(request.perPage, 100) * 512)
        out.append(contentsOf: #"{"data":["#.utf8)
        let total: Int
        if fields.isEmpty, let window = source.window {
            total = try window(overflow ? Int.max : offset, request.perPage, request.descending, &out)
        } else {
            let items = try source.all()
            var sorted = items
            if !fields.isEmpty || request.descending {
                // Stable: ties keep creation order. Direction applies to every field.
                sorted = items.enumerated().sorted { a, b in
                    for field in fields {
                        if field.less(a.element, b.element) { return !request.descending }
                        if field.less(b.element, a.element) { return request.descending }
                    }
                    return request.descending && fields.isEmpty ? a.offset > b.offset : a.offset < b.offset
                }.map(\.element)
            }
            total = sorted.count
            let start = overflow ? total : min(total, offset)
            let end = min(total, start + request.perPage)
            for (index, item) in sorted[start..<end].enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                encode(item, &out)
            }
        }
        let last = max(1, (total + request.perPage - 1) / request.perPage)
        out.append(contentsOf: #"],"cursor":"#.utf8)
        writeCursor(page: request.page, last: last, perPage: request.perPage, total: total, request: request,
                    context: context, into: &out)
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// {"pages":{page, next?, previous?, last, perPage, totalItems}, "hrefs":{first, last, previous, next}},
    /// written straight into the body: every list response ends with one.
    private static func writeCursor(page: Int, last: Int, perPage: Int, total: Int, request: PageRequest,
                                    context: RequestContext, into out: inout [UInt8]) {
        let next = page < last ? page + 1 : nil
        let previous = page > 1 ? min(page - 1, last) : nil
        func number(_ name: StaticString, _ value: Int) {
            ASCIIBytes.append(name, to: &out)
            ASCIIBytes.appendDecimal(value, to: &out)
        }
        number(#"{"pages":{"page":"#, page)
        if let next { number(#","next":"#, next) }
        if let previous { number(#","previous":"#, previous) }
        number(#","last":"#, last)
        number(#","perPage":"#, perPage)
        number(#","totalItems":"#, total)

        // Every link is the same but for its page number: the part before the number and the
        // part after it are JSON-escaped once, and each link is those bytes around its digits.
        var opening: [UInt8] = []
        opening.reserveCapacity(160)
        JSONWriter.writeString(context.baseURL + context.request.path, into: &opening)
        opening.removeLast()  // the closing quote
        ASCIIBytes.append("?page=", to: &opening)
        var closing: [UInt8] = []
        ASCIIBytes.append("&perPage=", to: &closing)
        ASCIIBytes.appendDecimal(perPage, to: &closing)
        if !request.sortBy.isEmpty {
            var fields = ""
            for field in request.sortBy { fields += "&sortBy=\(field)" }
            let quote = closing.count
            JSONWriter.writeString(fields, into: &closing)
            closing.remove(at: quote)  // the opening quote
            closing.removeLast()  // the closing quote
        }
        if request.directionGiven { ASCIIBytes.append(request.descending ? "&sortDirection=desc" : "&sortDirection=asc", to: &closing) }
        ASCIIBytes.append("\"", to: &closing)
        func link(_ name: StaticString, _ n: Int?) {
            ASCIIBytes.append(name, to: &out)
            guard let n else {
                ASCIIBytes.append(#""""#, to: &out)
                return
            }
            out.append(contentsOf: opening)
            ASCIIBytes.appendDecimal(n, to: &out)
            out.append(contentsOf: closing)
        }
        link(#"},"hrefs":{"first":"#, 1)
        link(#","last":"#, last)
        link(#","previous":"#, previous)
        link(#","next":"#, next)
        ASCIIBytes.append("}}", to: &out)
    }
}
