// GET /_mock/state (the whole state as a snapshot document) and PUT /_mock/state (replace it
// atomically; a document that does not validate is 400 and changes nothing).

import CapellaDomain
import MockHTTP
import MockJSON

enum StateAdminHandlers {
    static func get(_ context: RequestContext) throws -> HTTPResponse {
        let contents = context.store.export().contents
        return HTTPResponse(status: 200, headers: HTTPHeaders([("Content-Type", "application/json")]),
                            body: JSONWriter.prettyBytes(Snapshot.encode(contents)))
    }

    static func put(_ context: RequestContext) throws -> HTTPResponse {
        let contents: Snapshot.Contents
        do {
            contents = try Snapshot.decode(context.request.body)
        } catch {
            throw AdminError.invalid(error.description)
        }
        context.store.replace(with: contents)
        return Respond.empty(204)
    }
}
