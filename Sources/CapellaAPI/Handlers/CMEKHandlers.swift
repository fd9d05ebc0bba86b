// CMEK: cloud accounts, key metadata (create 200, list, get, rotate 204, delete 204, history),
// providers, the Azure application, associate and unassociate. Key routes serve both levels:
// /v4/organizations/{org}/cmek… and, for Azure keys, /v4/organizations/{org}/projects/{project}/cmek….

import CapellaDomain
import MockHTTP
import MockJSON

enum CMEKHandlers {
    static let keySortKeys: SortKeys<Stored<CMEKKey>> = [
        .string("id", \.element.id), .string("name", \.element.name), .string("description", \.element.description),
        .time("createdAt", \.element.audit.createdAt), .time("modifiedAt", \.element.audit.modifiedAt),
    ]

    static let historySortKeys: SortKeys<KeyHistoryRow> = [
        .bool("active", \.active), .time("associatedAt", \.entry.associatedAt),
        .string("associatedBy", \.entry.associatedBy), .string("key", \.entry.config.resource),
    ]

    /// The project's keys on project-level paths, the organization's elsewhere.
    static func scope(_ context: RequestContext) -> KeyScope {
        context.parameters["projectId"].map(KeyScope.project) ?? .organization
    }

    static func cloudAccounts(_ context: RequestContext) throws -> HTTPResponse {
        Respond.json(200, Representation.cloudAccounts(try context.store.cloudAccounts(organizationID: context.organizationID)))
    }

    /// Checks run in Capella's order: JSON types (400), the key config (422/12003), then the
    /// name and description (422), then state.
    static func create(_ context: RequestContext) throws -> HTTPResponse {
        let body = try context.body()
        let name = try body.string("name")
        let description = try body.string("description") ?? ""
        let config = try KeyConfigDecoder.decode(body)
        try CMEKRules.validateMetadata(name: name ?? "", description: description)
        let key = try context.store.createKey(organizationID: context.organizationID, scope: scope(context), name: name ?? "",
                                              description: description, config: config, by: context.actor)
        return Respond.created(200, id: key.id)
    }

    /// The default order is read a page at a time from the store; a sorted list reads them all.
    static func list(_ context: RequestContext) throws -> HTTPResponse {
        let (store, organizationID, scope) = (context.store, context.organizationID, scope(context))
        let cache = context.environment.encodedKeys
        let source = ListSource<Stored<CMEKKey>>(all: { () throws(CapellaError) in
            try store.keys(organizationID: organizationID, scope: scope)
        }, window: { offset, limit, newestFirst, out throws(CapellaError) in
            var first = true
            return try store.forEachKey(inWindowOf: organizationID, scope: scope, offset: offset, limit: limit,
                                        newestFirst: newestFirst) { stamp, key in
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                cache.write(stamp: stamp, key: key, into: &out)
            }
        })
        return Respond.json(200, body: try Pagination.page(source, keys: keySortKeys, context: context) { key, out in
            cache.write(key, into: &out)
        })
    }

    static func get(_ context: RequestContext) throws -> HTTPResponse {
        let key = try context.store.key(organizationID: context.organizationID, scope: scope(context), keyID: context.cmekID)
        return Respond.json(200, body: context.environment.encodedKeys.json(key))
    }

    static func rotate(_ context: RequestContext) throws -> HTTPResponse {
        let config = try KeyConfigDecoder.decode(try context.body())
        try context.store.rotateKey(organizationID: context.organizationID, scope: scope(context), keyID: context.cmekID,
                                    config: config, by: context.actor)
        return Respond.empty(204)
    }

    static func delete(_ context: RequestContext) throws -> HTTPResponse {
        try context.store.deleteKey(organizationID: context.organizationID, scope: scope(context), keyID: context.cmekID)
        return Respond.empty(204)
    }

    /// Newest first by default, so the active resource leads, as in the spec's example.
    static func history(_ context: RequestContext) throws -> HTTPResponse {
        let rows = try context.store.keyHistory(organizationID: context.organizationID, scope: scope(context), keyID: context.cmekID)
        return Respond.json(200, body: try Pagination.page(Array(rows.reversed()), keys: historySortKeys, context: context,
                                                     render: Representation.historyEntry))
    }

    /// An unsupported `cloudProvider`, whatever its JSON type, is 422 with code 1000 (Capella's answer).
    static func enableProvider(_ context: RequestContext) throws -> HTTPResponse {
        let body = try context.body()
        guard let text = body.object["cloudProvider"]?.stringValue, let provider = CloudProvider(rawValue: text) else {
            throw CapellaError.unprocessable(
                "The cloud provider \(body.object["cloudProvider"].map { JSONWriter.string($0) } ?? "(missing)") is not supported for CMEK; it must be aws, gcp or azure.",
                hint: "Check the required parameters: cloudProvider must be \"aws\", \"gcp\" or \"azure\".", code: 1000)
        }
        try context.store.enableCMEKProvider(organizationID: context.organizationID, scope: scope(context), provider: provider)
        return Respond.empty(204)
    }

    static func azureApplication(_ context: RequestContext) throws -> HTTPResponse {
        Respond.json(200, ["id": .string(try context.store.azureApplicationID(organizationID: context.organizationID,
                                                                              scope: scope(context)))])
    }

    static func associate(_ context: RequestContext) throws -> HTTPResponse {
        try context.store.associate(organizationID: context.organizationID, projectID: context.projectID,
                                    clusterID: context.clusterID, keyID: context.cmekID)
        return Respond.empty(204)
    }

    static func unassociate(_ context: RequestContext) throws -> HTTPResponse {
        try context.store.unassociate(organizationID: context.organizationID, projectID: context.projectID,
                                      clusterID: context.clusterID, keyID: context.cmekID)
        return Respond.empty(204)
    }
}
