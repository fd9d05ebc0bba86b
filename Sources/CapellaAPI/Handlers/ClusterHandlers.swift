// Clusters: create (202, deploying), list, get (ETag), update (If-Match, scaling), delete (202).

import CapellaDomain
import MockHTTP
import MockJSON

enum ClusterHandlers {
    static let sortKeys: SortKeys<Cluster> = [
        .string("id", \.id), .string("name", \.spec.name), .string("availability", \.spec.availability),
        .string("cloudProvider", \.spec.provider.rawValue), .string("couchbaseServer", \.spec.serverVersion),
        .string("currentState", \.currentState.rawValue), .time("createdAt", \.audit.createdAt),
    ]

    static func create(_ context: RequestContext) throws -> HTTPResponse {
        let draft = try ClusterDraftDecoder.decode(try context.body())
        let spec = try ClusterRules.validateCreate(draft)
        let cluster = try context.store.createCluster(organizationID: context.organizationID, projectID: context.projectID,
                                                      spec: spec, cmekID: draft.cmekID, by: context.actor)
        return Respond.created(202, id: cluster.id)
    }

    static func list(_ context: RequestContext) throws -> HTTPResponse {
        let clusters = try context.store.clusters(organizationID: context.organizationID, projectID: context.projectID)
        return Respond.json(200, body: try Pagination.page(clusters, keys: sortKeys, context: context, render: Representation.cluster))
    }

    static func get(_ context: RequestContext) throws -> HTTPResponse {
        let cluster = try context.store.cluster(organizationID: context.organizationID, projectID: context.projectID,
                                                clusterID: context.clusterID)
        return Respond.json(200, Representation.cluster(cluster),
                            headers: [("ETag", Precondition.etag(version: cluster.audit.version))])
    }

    static func update(_ context: RequestContext) throws -> HTTPResponse {
        let draft = try ClusterDraftDecoder.decode(try context.body())
        // What can be judged without the cluster is judged first: payload before existence.
        try ClusterRules.validateUpdateShape(draft)
        try context.store.updateCluster(organizationID: context.organizationID, projectID: context.projectID,
                                        clusterID: context.clusterID, draft: draft,
                                        ifMatch: context.request.headers["If-Match"], by: context.actor)
        return Respond.empty(204)
    }

    static func delete(_ context: RequestContext) throws -> HTTPResponse {
        if let retain = context.query["retainsnapshotbackups"], retain != "true", retain != "false" {
            throw CapellaError.invalidQuery("retainsnapshotbackups \"\(retain)\" must be true or false.")
        }
        try context.store.deleteCluster(organizationID: context.organizationID, projectID: context.projectID,
                                        clusterID: context.clusterID)
        return Respond.empty(202)
    }
}
