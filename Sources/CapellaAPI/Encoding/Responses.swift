// Building HTTP responses for handlers.

import CapellaDomain
import MockHTTP
import MockJSON

enum Respond {
    static func json(_ status: Int, _ value: JSONValue, headers extra: [(String, String)] = []) -> HTTPResponse {
        var headers = HTTPHeaders([("Content-Type", "application/json")])
        for (name, value) in extra { headers.add(name, value) }
        return HTTPResponse(status: status, headers: headers, body: JSONWriter.bytes(value))
    }

    /// A body already written as JSON.
    static func json(_ status: Int, body: [UInt8]) -> HTTPResponse {
        HTTPResponse(status: status, headers: HTTPHeaders([("Content-Type", "application/json")]), body: body)
    }

    static func empty(_ status: Int) -> HTTPResponse {
        HTTPResponse(status: status)
    }

    /// `{"id": "..."}`, the body of every create call.
    static func created(_ status: Int, id: String) -> HTTPResponse {
        json(status, ["id": .string(id)])
    }

    static func error(_ error: CapellaError) -> HTTPResponse {
        json(error.httpStatusCode, Representation.error(error), headers: error.headers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }

    /// What Go's router answers for an unknown path under /v4.
    static let notFoundText = HTTPResponse(
        status: 404, headers: HTTPHeaders([("Content-Type", "text/plain; charset=utf-8")]),
        body: Array("404 page not found\n".utf8))

    /// What Capella's front proxy answers for paths outside /v4.
    static let notFoundHTML = HTTPResponse(
        status: 404, headers: HTTPHeaders([("Content-Type", "text/html")]),
        body: Array("<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n".utf8))
}
