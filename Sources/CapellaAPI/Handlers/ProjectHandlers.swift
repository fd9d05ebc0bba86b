// Projects: create, list, get, update (If-Match), delete.

import CapellaDomain
import MockHTTP
import MockJSON

enum ProjectHandlers {
    static let sortKeys: SortKeys<Project> = [
        .string("id", \.id), .string("name", \.name), .string("description", \.description),
        .time("createdAt", \.audit.createdAt), .time("modifiedAt", \.audit.modifiedAt),
    ]

    static func create(_ context: RequestContext) throws -> HTTPResponse {
        let (name, description) = try decode(context)
        let project = try context.store.createProject(organizationID: context.organizationID, name: name,
                                                      description: description, by: context.actor)
        return Respond.created(201, id: project.id)
    }

    static func list(_ context: RequestContext) throws -> HTTPResponse {
        let projects = try context.store.projects(organizationID: context.organizationID)
            .filter { Visibility.canSee(project: $0.id, caller: context.caller) }
        return Respond.json(200, body: try Pagination.page(projects, keys: sortKeys, context: context, render: Representation.project))
    }

    static func get(_ context: RequestContext) throws -> HTTPResponse {
        let project = try context.store.project(organizationID: context.organizationID, projectID: context.projectID)
        return Respond.json(200, Representation.project(project),
                            headers: [("ETag", Precondition.etag(version: project.audit.version))])
    }

    static func update(_ context: RequestContext) throws -> HTTPResponse {
        let (name, description) = try decode(context)
        try context.store.updateProject(organizationID: context.organizationID, projectID: context.projectID,
                                        name: name, description: description,
                                        ifMatch: context.request.headers["If-Match"], by: context.actor)
        return Respond.empty(204)
    }

    static func delete(_ context: RequestContext) throws -> HTTPResponse {
        try context.store.deleteProject(organizationID: context.organizationID, projectID: context.projectID)
        return Respond.empty(204)
    }

    private static func decode(_ context: RequestContext) throws(CapellaError) -> (String, String) {
        let body = try context.body()
        let name = try body.string("name") ?? ""
        let description = try body.string("description") ?? ""
        try ProjectRules.validate(name: name, description: description)
        return (name, description)
    }
}
