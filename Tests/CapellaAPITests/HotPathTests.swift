import Testing
@testable import CapellaAPI
import CapellaDomain
import MockJSON

// The byte-level fast paths of routing, ids and JSON writing agree with the plain reading of
// each rule, for the inputs a fast path could get wrong: escapes, short (inline) strings,
// multi-byte characters, and the boundaries of each format.
@Suite struct HotPathTests {
    @Test func pathSegmentsDecodeEscapesAndRefuseEmptySegments() {
        #expect(Router.segments("/") == [])
        #expect(Router.segments("/v4/organizations") == ["v4", "organizations"])
        #expect(Router.segments("/a%2Fb/c%41") == ["a/b", "cA"])
        // An invalid or cut-off escape is kept as written.
        #expect(Router.segments("/%zz/%4/%") == ["%zz", "%4", "%"])
        // '+' is literal in a path.
        #expect(Router.segments("/a+b") == ["a+b"])
        #expect(Router.segments("/é/€") == ["é", "€"])
        #expect(Router.segments("/%C3%A9") == ["é"])
        #expect(Router.segments("") == nil)
        #expect(Router.segments("v4/x") == nil)
        #expect(Router.segments("//x") == nil)
        #expect(Router.segments("/x/") == nil)
        #expect(Router.segments("/x//y") == nil)
    }

    @Test func queryValuesStillDecodePlusAsSpace() {
        let query = QueryParameters("a=x+y&b=%41%2b&c")
        #expect(query["a"] == "x y")
        #expect(query["b"] == "A+")
        #expect(query["c"] == "")
    }

    @Test func routesResolveWithCapturesAndBacktrack() {
        let router = Router(routes: RouteTable.all(adminEnabled: true))
        let org = "11111111-1111-1111-1111-111111111111"
        guard case .matched(let route, let captures) = router.resolve(method: "GET", path: "/v4/organizations/\(org)/cmek/abc") else {
            Issue.record("no match")
            return
        }
        #expect(route.operationID == "getKeyMetadata")
        #expect(captures == ["organizationId": org, "cmekId": "abc"])
        guard case .methodNotAllowed(let allowed) = router.resolve(method: "PATCH", path: "/v4/organizations/\(org)/cmek/abc") else {
            Issue.record("expected 405")
            return
        }
        #expect(allowed == allowed.sorted() && allowed.contains("GET") && allowed.contains("PUT") && allowed.contains("DELETE"))
    }

    @Test func uuidShapeAndCanonicalForm() {
        let lower = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
        #expect(Identifier.isUUID(lower))
        #expect(Identifier.canonicalUUID(lower) == lower)
        #expect(Identifier.canonicalUUID(lower.uppercased()) == lower)
        #expect(Identifier.canonicalUUID("0A1b2C3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d") == lower)
        #expect(!Identifier.isUUID(String(lower.dropLast())))
        #expect(!Identifier.isUUID(lower + "0"))
        #expect(!Identifier.isUUID("0a1b2c3d4-e5f-4a6b-8c7d-9e0f1a2b3c4d"))   // dash moved
        #expect(!Identifier.isUUID("0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4g"))   // not hex
        #expect(!Identifier.isUUID("0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3cé"))    // 36 bytes, not 36 digits
        #expect(!Identifier.isUUID("------------------------------------"))
        #expect(!Identifier.isUUID("abc"))
        #expect(Identifier.canonicalUUID("") == nil)
    }

    @Test func requestIDsCountUpUnderOnePrefix() {
        let ids = RequestIDs()
        let first = ids.next()
        let second = ids.next()
        #expect(first.utf8.count == 36 && Identifier.isUUID(first))
        #expect(first.prefix(20) == second.prefix(20))
        #expect(first.hasSuffix("000000000001") && second.hasSuffix("000000000002"))
        #expect(Array(first.utf8)[23] == UInt8(ascii: "-"))
    }

    @Test func jsonStringsAreEscapedOnlyWhereNeeded() {
        func written(_ text: String) -> String {
            var out: [UInt8] = []
            JSONWriter.writeString(text, into: &out)
            return String(decoding: out, as: UTF8.self)
        }
        #expect(written("") == "\"\"")
        #expect(written("short") == "\"short\"")
        #expect(written("a longer string that is not stored inline, é€") == "\"a longer string that is not stored inline, é€\"")
        #expect(written("q\"b\\n\nt\tr\r\u{1}") == "\"q\\\"b\\\\n\\nt\\tr\\r\\u0001\"")
        #expect(written("a long string with one quote \" near the end") == "\"a long string with one quote \\\" near the end\"")
    }
}
