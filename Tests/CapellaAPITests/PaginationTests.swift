import Foundation
import Testing
import MockJSON

@Suite struct PaginationTests {
    @Test func pagesCursorAndHrefs() throws {
        let live = try LiveServer()
        let api = try live.client()
        for n in 1...25 {
            _ = try live.createKey(LiveServer.keyBody(name: String(format: "key-%02d", n), arn: LiveServer.awsARN(n: n)))
        }
        let first = try api.get("\(live.orgPath)/cmek")
        #expect(first["data"]?.arrayValue?.count == 10)
        let pages = try #require(first["cursor"]?["pages"])
        #expect(pages["page"] == 1)
        #expect(pages["next"] == 2)
        #expect(pages["previous"] == nil)
        #expect(pages["last"] == 3)
        #expect(pages["perPage"] == 10)
        #expect(pages["totalItems"] == 25)
        let hrefs = try #require(first["cursor"]?["hrefs"])
        #expect(hrefs["first"]?.stringValue == "http://127.0.0.1:\(live.port)\(live.orgPath)/cmek?page=1&perPage=10")
        #expect(hrefs["next"]?.stringValue == "http://127.0.0.1:\(live.port)\(live.orgPath)/cmek?page=2&perPage=10")
        #expect(hrefs["previous"]?.stringValue == "")

        let last = try api.get("\(live.orgPath)/cmek?page=3&perPage=10")
        #expect(last["data"]?.arrayValue?.count == 5)
        #expect(last["cursor"]?["pages"]?["next"] == nil)
        #expect(last["cursor"]?["pages"]?["previous"] == 2)
        #expect(last["cursor"]?["hrefs"]?["next"]?.stringValue == "")

        // The cursor's exact bytes, member order included, as the spec's example has them.
        let middle = try api.get("\(live.orgPath)/cmek?page=2&perPage=4&sortBy=name&sortBy=id&sortDirection=asc")
        let link = "http://127.0.0.1:\(live.port)\(live.orgPath)/cmek?page="
        let query = "&perPage=4&sortBy=name&sortBy=id&sortDirection=asc"
        let cursor = #"{"pages":{"page":2,"next":3,"previous":1,"last":7,"perPage":4,"totalItems":25},"hrefs":{"first":""#
            + link + "1" + query + #"","last":""# + link + "7" + query + #"","previous":""# + link + "1" + query
            + #"","next":""# + link + "3" + query + #""}}"#
        #expect(middle.text.hasSuffix(#","cursor":"# + cursor + "}"), "\(middle.text.suffix(600))")
        let only = try api.get("\(live.orgPath)/cmek?perPage=100")
        #expect(only.text.hasSuffix(#","cursor":{"pages":{"page":1,"last":1,"perPage":100,"totalItems":25},"hrefs":{"first":""#
            + link + "1&perPage=100" + #"","last":""# + link + "1&perPage=100" + #"","previous":"","next":""}}}"#))

        let sorted = try api.get("\(live.orgPath)/cmek?perPage=3&sortBy=name&sortDirection=desc")
        #expect(sorted["data"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["key-25", "key-24", "key-23"])
        #expect(sorted["cursor"]?["hrefs"]?["next"]?.stringValue?.hasSuffix("page=2&perPage=3&sortBy=name&sortDirection=desc") == true)

        // Following `next` until it is absent visits every item exactly once (Terraform's loop).
        var seen: [String] = []
        var page = 1
        while true {
            let response = try api.get("\(live.orgPath)/cmek?page=\(page)&perPage=7&sortBy=id")
            seen += response["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
            guard let next = response["cursor"]?["pages"]?["next"]?.intValue else { break }
            page = next
        }
        #expect(seen.count == 25)
        #expect(Set(seen).count == 25)
        #expect(seen == seen.sorted())
    }

    @Test(arguments: ["perPage=101", "perPage=0", "perPage=-1", "perPage=1.2", "perPage=invalid", "page=0", "page=-1", "page=x"])
    func badPageNumbersAre400(query: String) throws {
        let live = try LiveServer()
        let response = try live.client().get("\(live.orgPath)/cmek?\(query)")
        #expect(response.status == 400)
        #expect(response["code"] == 1000)
    }

    @Test func aPageNumberPastTheLargestIsCalledTooLarge() throws {
        let live = try LiveServer()
        let huge = try live.client().get("\(live.orgPath)/cmek?page=99999999999999999999")
        #expect(huge.status == 400)
        #expect(huge["message"]?.stringValue?.contains("too large") == true)
        let zero = try live.client().get("\(live.orgPath)/cmek?page=0")
        #expect(zero["message"]?.stringValue?.contains("at least 1") == true)
    }

    @Test func badSortDirectionOrFieldIs422() throws {
        let live = try LiveServer()
        let api = try live.client()
        #expect(try api.get("\(live.orgPath)/cmek?sortDirection=sideways").status == 422)
        #expect(try api.get("\(live.orgPath)/cmek?sortDirection=1").status == 422)
        #expect(try api.get("\(live.orgPath)/cmek?sortBy=colour").status == 422)
        #expect(try api.get("\(live.projectPath)/clusters?sortBy=name&sortDirection=asc").status == 200)
    }

    @Test func aPageBeyondTheLastIsEmpty() throws {
        let live = try LiveServer()
        let response = try live.client().get("\(live.projectPath)/clusters?page=5")
        #expect(response.status == 200)
        #expect(response["data"]?.arrayValue?.isEmpty == true)
        #expect(response["cursor"]?["pages"]?["last"] == 1)
        #expect(response["cursor"]?["pages"]?["next"] == nil)
    }
}

@Suite struct HostHeaderTests {
    /// Regression: links echoed any Host header, giving "http:///v4/…" or "http://a b/v4/…".
    @Test func linksUseTheHostOnlyWhenItIsWellFormed() throws {
        let live = try LiveServer()
        let bound = "http://127.0.0.1:\(live.port)"
        for (host, expected) in [("", bound), ("a b", bound), ("x/y", bound), ("h:99999", bound), ("[zz]", bound),
                                 ("example.com", "http://example.com"), ("localhost:8080", "http://localhost:8080"),
                                 ("[::1]:9000", "http://[::1]:9000"),
                                 // Regression: a compose service name with an underscore fell back to the bound address.
                                 ("capella_mock:8080", "http://capella_mock:8080")] {
            let client = try live.client()
            let raw = "GET \(live.orgPath)/cmek HTTP/1.1\r\nHost: \(host)\r\nAuthorization: Bearer \(LiveServer.token)\r\n\r\n"
            try client.write(Array(raw.utf8))
            let first = try client.readResponse()["cursor"]?["hrefs"]?["first"]?.stringValue
            #expect(first?.hasPrefix(expected + "/v4/") == true, "Host \"\(host)\": \(first ?? "nil")")
        }
    }

    /// A proxy-style target ("GET http://host/path") is served, its authority standing for Host.
    @Test func absoluteFormTargetsAreServedWithTheirAuthorityAsHost() throws {
        let live = try LiveServer()
        let client = try live.client()
        let raw = "GET http://proxy.test:1234\(live.orgPath)/cmek HTTP/1.1\r\nHost: ignored.test\r\n"
            + "Authorization: Bearer \(LiveServer.token)\r\n\r\n"
        try client.write(Array(raw.utf8))
        let response = try client.readResponse()
        #expect(response.status == 200)
        #expect(response["cursor"]?["hrefs"]?["first"]?.stringValue?.hasPrefix("http://proxy.test:1234/v4/") == true)
    }
}

/// Default-order key lists are read a window at a time and key JSON is reused while a key is
/// unchanged; both must give exactly what the full read and a fresh encoding give.
@Suite struct KeyListWindowTests {
    @Test func defaultOrderPagesMatchTheFullList() throws {
        let live = try LiveServer()
        let api = try live.client()
        for n in 1...23 {
            _ = try live.createKey(LiveServer.keyBody(name: "key-\(n)", arn: LiveServer.awsARN(n: n)))
        }
        let whole = try api.get("\(live.orgPath)/cmek?perPage=100")["data"]?.arrayValue ?? []
        #expect(whole.count == 23)
        for (direction, expected) in [("", whole), ("&sortDirection=desc", Array(whole.reversed()))] {
            var pages: [JSONValue] = []
            for page in 1...4 {
                let response = try api.get("\(live.orgPath)/cmek?page=\(page)&perPage=7\(direction)")
                #expect(response.status == 200)
                #expect(response["cursor"]?["pages"]?["totalItems"] == 23)
                #expect(response["cursor"]?["pages"]?["last"] == 4)
                pages += response["data"]?.arrayValue ?? []
            }
            #expect(pages == expected, "direction \(direction)")
        }
        let past = try api.get("\(live.orgPath)/cmek?page=99999999999999&perPage=100")
        #expect(past["data"]?.arrayValue?.isEmpty == true)
        #expect(past["cursor"]?["pages"]?["totalItems"] == 23)
    }

    @Test func aChangedKeyIsNeverServedFromTheOldJSON() throws {
        let live = try LiveServer()
        let api = try live.client()
        let key = try live.createKey()
        let before = try api.get("\(live.orgPath)/cmek/\(key)")
        #expect(before["config"]?["arn"]?.stringValue == LiveServer.awsARN())
        _ = try api.get("\(live.orgPath)/cmek")
        let newARN = LiveServer.awsARN(n: 7)
        #expect(try api.send("PUT", "\(live.orgPath)/cmek/\(key)", body: "{\"config\":{\"arn\":\"\(newARN)\"}}").status == 204)
        let after = try api.get("\(live.orgPath)/cmek/\(key)")
        #expect(after["config"]?["arn"]?.stringValue == newARN)
        #expect(after["audit"]?["version"] != before["audit"]?["version"] || after["audit"]?["modifiedAt"] != before["audit"]?["modifiedAt"])
        let listed = try api.get("\(live.orgPath)/cmek")["data"]?.arrayValue?.first
        #expect(listed == after.json)
    }

    /// A restored snapshot may hold the same key id with other fields; a reset brings back an
    /// earlier value of it. Neither may be answered from JSON written for another value.
    @Test func restoredAndResetKeysAreNeverServedFromOtherJSON() throws {
        let live = try LiveServer()
        let api = try live.client()
        let admin = try live.client(token: nil)
        let key = try live.createKey(LiveServer.keyBody(name: "before", arn: LiveServer.awsARN(n: 3)))
        #expect(try api.get("\(live.orgPath)/cmek/\(key)")["name"] == "before")
        let exported = try admin.get("/_mock/state").text
        #expect(exported.components(separatedBy: "\"before\"").count == 2)  // the key's name, once
        let renamed = exported.replacingOccurrences(of: "\"before\"", with: "\"after\"")
        #expect(try admin.send("PUT", "/_mock/state", body: renamed).status == 204)
        #expect(try api.get("\(live.orgPath)/cmek/\(key)")["name"] == "after")
        #expect(try api.get("\(live.orgPath)/cmek")["data"]?.arrayValue?.first?["name"] == "after")
        #expect(try admin.send("PUT", "/_mock/state", body: exported).status == 204)
        #expect(try api.get("\(live.orgPath)/cmek/\(key)")["name"] == "before")
        #expect(try admin.send("POST", "/_mock/reset").status == 204)
        #expect(try api.get("\(live.orgPath)/cmek/\(key)").status == 404)
    }
}
