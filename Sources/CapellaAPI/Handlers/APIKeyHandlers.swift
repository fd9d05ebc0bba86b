// API keys: create (201 {id, token}), list (filtered), get, delete (204), rotate (200 {secretKey, token}).
// Someone who is not an Organization Owner gets 403 for any key outside their reach, even one
// that does not exist: access is checked before existence and does not reveal it.

import CapellaDomain
import MockHTTP
import MockJSON

enum APIKeyHandlers {
    static let sortKeys: SortKeys<APIKey> = [
        .string("id", \.id), .string("name", \.name), .string("description", \.description),
        .time("createdAt", \.audit.createdAt),
        SortKey(name: "expiry") { ($0.expiresAt ?? SimTime(milliseconds: .max)) < ($1.expiresAt ?? SimTime(milliseconds: .max)) },
    ]

    static func create(_ context: RequestContext) throws -> HTTPResponse {
        let request = try APIKeyRules.validate(try APIKeyDraftDecoder.decode(try context.body()))
        guard let caller = context.caller, APIKeyAccess.canCreate(request, caller: caller) else {
            throw CapellaError.accessDenied
        }
        let issued = try context.store.createAPIKey(organizationID: context.organizationID, request: request, by: context.actor)
        return Respond.json(201, ["id": .string(issued.key.id), "token": .string(issued.key.token)])
    }

    static func list(_ context: RequestContext) throws -> HTTPResponse {
        guard let caller = context.caller else { throw CapellaError.accessDenied }
        let keys = try context.store.apiKeys(organizationID: context.organizationID)
            .filter { $0.id == caller.id || APIKeyAccess.canManage($0, caller: caller) }
        return Respond.json(200, body: try Pagination.page(keys, keys: sortKeys, context: context, render: Representation.apiKey))
    }

    static func get(_ context: RequestContext) throws -> HTTPResponse {
        Respond.json(200, Representation.apiKey(try reachableKey(context)))
    }

    static func delete(_ context: RequestContext) throws -> HTTPResponse {
        let key = try reachableKey(context)
        try context.store.deleteAPIKey(organizationID: context.organizationID, keyID: key.id)
        return Respond.empty(204)
    }

    static func rotate(_ context: RequestContext) throws -> HTTPResponse {
        let body = try context.body(emptyIsObject: true)
        let secret = try body.string("secret")
        if let secret { try APIKeyRules.validateSecret(secret) }
        let key = try reachableKey(context)
        let issued = try context.store.rotateAPIKey(organizationID: context.organizationID, keyID: key.id, secret: secret,
                                                    by: context.actor)
        return Respond.json(200, ["secretKey": .string(issued.secret), "token": .string(issued.key.token)])
    }

    /// The key named in the path, if the caller may act on it: 403 when not (found or not),
    /// 404 only for an Organization Owner asking for a key that does not exist.
    private static func reachableKey(_ context: RequestContext) throws(CapellaError) -> APIKey {
        guard let caller = context.caller else { throw CapellaError.accessDenied }
        let keyID = context.parameter("ApiKeyId")
        let found: APIKey?
        do {
            found = try context.store.apiKey(organizationID: context.organizationID, keyID: keyID)
        } catch where error.httpStatusCode == 404 {
            found = nil
        }
        guard let found else {
            throw APIKeyAccess.isOwner(caller) ? CapellaError.notFound("no API key with ID \(keyID) exists in this organization") : .accessDenied
        }
        guard APIKeyAccess.canManage(found, caller: caller) else { throw CapellaError.accessDenied }
        return found
    }
}
