// Domain values → the JSON shapes of the Capella v4 spec (GetOrganizationResponse,
// GetProjectResponse, GetClusterResponse, GetCMEKMetadata, GetCMEKHistoryMetadataResponse, Error).
// Member order follows the spec's schemas.

import CapellaDomain
import MockJSON

enum Representation {
    static func audit(_ audit: Audit) -> JSONValue {
        [
            "createdBy": .string(audit.createdBy),
            "createdAt": .string(audit.createdAt.rfc3339),
            "modifiedBy": .string(audit.modifiedBy),
            "modifiedAt": .string(audit.modifiedAt.rfc3339),
            "version": .int(audit.version),
        ]
    }

    static func error(_ error: CapellaError) -> JSONValue {
        [
            "httpStatusCode": .int(error.httpStatusCode),
            "code": .int(error.code),
            "message": .string(error.message),
            "hint": .string(error.hint),
        ]
    }

    static func organization(_ org: Organization) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("id", .string(org.id)),
            ("name", .string(org.name)),
        ]
        if let subdomain = org.subdomain { members.append(("subdomain", .string(subdomain))) }
        members += [
            ("description", .string(org.description)),
            ("preferences", ["sessionDuration": .int(org.sessionDuration)]),
            ("audit", audit(org.audit)),
        ]
        return .object(JSONObject(members))
    }

    static func project(_ project: Project) -> JSONValue {
        [
            "id": .string(project.id),
            "description": .string(project.description),
            "name": .string(project.name),
            "audit": audit(project.audit),
        ]
    }

    /// GetAPIKey: exactly id, name, description, expiry, allowedCIDRs, organizationRoles,
    /// resources and audit. The token is never shown again.
    static func apiKey(_ key: APIKey) -> JSONValue {
        [
            "id": .string(key.id),
            "name": .string(key.name),
            "description": .string(key.description),
            "expiry": .double(key.expiryDays),
            "allowedCIDRs": .array(key.allowedCIDRs.map(JSONValue.string)),
            "organizationRoles": .array(key.organizationRoles.map(JSONValue.string)),
            "resources": .array(key.resources.map { grant in
                ["type": .string(grant.type), "id": .string(grant.projectID), "roles": .array(grant.roles.map(JSONValue.string))]
            }),
            "audit": audit(key.audit),
        ]
    }

    static func cloudAccounts(_ accounts: CloudAccounts) -> JSONValue {
        [
            "gcp-capella-project": .string(accounts.gcp),
            "aws-capella-account": .string(accounts.aws),
            "azure-capella-subscription": .string(accounts.azure),
        ]
    }

    static func keyConfig(_ config: KeyConfig) -> JSONValue {
        switch config {
        case .aws(let arn): return ["arn": .string(arn)]
        case .gcp(let name): return ["resourceName": .string(name)]
        case .azure(let location, let region): return ["keyLocation": .string(location), "region": .string(region)]
        }
    }

    static func key(_ key: CMEKKey) -> JSONValue {
        [
            "id": .string(key.id),
            "name": .string(key.name),
            "description": .string(key.description),
            "config": keyConfig(key.config),
            "audit": audit(key.audit),
        ]
    }

    static func historyEntry(_ row: KeyHistoryRow) -> JSONValue {
        [
            "config": keyConfig(row.entry.config),
            "active": .bool(row.active),
            "key": .string(row.entry.config.resource),
            "associatedAt": .string(row.entry.associatedAt.rfc3339),
            "associatedBy": .string(row.entry.associatedBy),
        ]
    }

    static func cluster(_ cluster: Cluster) -> JSONValue {
        let spec = cluster.spec
        var members: [(key: String, value: JSONValue)] = [
            ("id", .string(cluster.id)),
            ("name", .string(spec.name)),
            ("description", .string(spec.description)),
            ("configurationType", .string(spec.configurationType)),
            ("connectionString", .string(cluster.connectionString)),
            ("cloudProvider", ["type": .string(spec.provider.rawValue), "region": .string(spec.region), "cidr": .string(spec.cidr)]),
            ("couchbaseServer", ["version": .string(spec.serverVersion)]),
            ("serviceGroups", .array(spec.serviceGroups.map(serviceGroup))),
            ("availability", ["type": .string(spec.availability)]),
            ("support", ["plan": .string(spec.supportPlan), "timezone": .string(spec.supportTimezone)]),
            ("currentState", .string(cluster.currentState.rawValue)),
            ("audit", audit(cluster.audit)),
        ]
        if let key = cluster.cmekID { members.append(("cmekId", .string(key))) }
        if let zones = spec.zones { members.append(("zones", .array(zones.map(JSONValue.string)))) }
        members.append(("enablePrivateDNSResolution", .bool(spec.enablePrivateDNSResolution)))
        members.append(("deletionProtection", .bool(cluster.deletionProtection)))
        return .object(JSONObject(members))
    }

    static func serviceGroup(_ group: ServiceGroup) -> JSONValue {
        var disk: [(key: String, value: JSONValue)] = [("type", .string(group.disk.type))]
        if let storage = group.disk.storage { disk.append(("storage", .int(storage))) }
        if let iops = group.disk.iops { disk.append(("iops", .int(iops))) }
        if let autoExpansion = group.disk.autoExpansion { disk.append(("autoExpansion", .bool(autoExpansion))) }
        return [
            "node": ["compute": ["cpu": .int(group.cpu), "ram": .int(group.ram)], "disk": .object(JSONObject(disk))],
            "numOfNodes": .int(group.numOfNodes),
            "services": .array(group.services.map(JSONValue.string)),
        ]
    }
}
