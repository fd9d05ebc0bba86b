// Cluster on/off (POST and DELETE .../activationState, 202) and deletion protection
// (PUT .../deletionProtection, 204).

import CapellaDomain
import MockHTTP
import MockJSON

enum ActivationHandlers {
    /// Body {"turnOnLinkedAppService": bool}, optional; anything but a boolean (null included) is 400.
    static func turnOn(_ context: RequestContext) throws -> HTTPResponse {
        let body = try context.body(emptyIsObject: true)
        try requireBoolean(body, "turnOnLinkedAppService", required: false)
        try context.store.turnOn(organizationID: context.organizationID, projectID: context.projectID,
                                 clusterID: context.clusterID)
        return Respond.empty(202)
    }

    static func turnOff(_ context: RequestContext) throws -> HTTPResponse {
        try context.store.turnOff(organizationID: context.organizationID, projectID: context.projectID,
                                  clusterID: context.clusterID)
        return Respond.empty(202)
    }

    static func setDeletionProtection(_ context: RequestContext) throws -> HTTPResponse {
        let body = try context.body()
        try requireBoolean(body, "deletionProtection", required: true)
        try context.store.setDeletionProtection(organizationID: context.organizationID, projectID: context.projectID,
                                                clusterID: context.clusterID,
                                                enabled: body.object["deletionProtection"]?.boolValue ?? false,
                                                by: context.actor)
        return Respond.empty(204)
    }

    private static func requireBoolean(_ body: JSONBody, _ field: String, required: Bool) throws(CapellaError) {
        guard let value = body.object[field] else {
            if required {
                throw CapellaError.unprocessable("The field \"\(field)\" is required.", hint: "Send {\"\(field)\": true} or false.")
            }
            return
        }
        guard case .bool = value else {
            throw CapellaError.wrongJSONType(field: field, expected: "boolean", got: value.typeName)
        }
    }
}
