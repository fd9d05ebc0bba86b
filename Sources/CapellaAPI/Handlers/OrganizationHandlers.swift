// GET /v4/organizations and GET /v4/organizations/{organizationId}.

import CapellaDomain
import MockHTTP
import MockJSON

enum OrganizationHandlers {
    /// `{data: [...]}` without a cursor, as Capella answers: the caller's organization.
    static func list(_ context: RequestContext) throws -> HTTPResponse {
        let organizationID = context.caller?.organizationID ?? ""
        let organization = try context.store.read { state, _ throws(CapellaError) in try state.organization(organizationID) }
        return Respond.json(200, ["data": [Representation.organization(organization)]])
    }

    static func get(_ context: RequestContext) throws -> HTTPResponse {
        let organization = try context.store.read { state, _ throws(CapellaError) in try state.organization(context.organizationID) }
        return Respond.json(200, Representation.organization(organization),
                            headers: [("ETag", Precondition.etag(version: organization.audit.version))])
    }
}
