// MockState → snapshot document (format version 1). Member order is fixed and optional members
// are left out when nil, so the same state always gives the same bytes.

import MockJSON

enum SnapshotEncoder {
    static func document(_ contents: Snapshot.Contents) -> JSONValue {
        let state = contents.state
        return [
            "version": .int(Snapshot.formatVersion),
            "clock": ["now": time(contents.now)],
            "durations": durations(contents.durations),
            "organizations": .array(state.organizations.values.map(organization)),
            "apiKeys": .array(state.apiKeys.values.map(apiKey)),
            "projects": .array(state.projects.values.map(project)),
            "clusters": .array(state.clusters.values.map(cluster)),
            "cmekKeys": .array(state.cmekKeys.values.map(cmekKey)),
            "kms": ["inaccessible": .array(state.inaccessibleKeyResources.sorted().map(JSONValue.string))],
            "transitionFaults": .array(state.transitionFaults.map(transitionFault)),
        ]
    }

    static func durations(_ durations: Durations) -> JSONValue {
        [
            "deploy": number(durations.deploy),
            "cmekRedeploy": number(durations.cmekRedeploy),
            "scale": number(durations.scale),
            "destroy": number(durations.destroy),
            "turnOff": number(durations.turnOff),
            "turnOn": number(durations.turnOn),
        ]
    }

    static func organization(_ org: Organization) -> JSONValue {
        object([
            ("id", .string(org.id)),
            ("name", .string(org.name)),
            ("description", .string(org.description)),
            ("subdomain", org.subdomain.map(JSONValue.string)),
            ("preferences", ["sessionDuration": .int(org.sessionDuration)]),
            ("audit", audit(org.audit)),
            ("cloudAccounts", [
                "aws": .string(org.cloudAccounts.aws),
                "gcp": .string(org.cloudAccounts.gcp),
                "azure": .string(org.cloudAccounts.azure),
            ]),
            ("cmekProviders", .array(org.enabledCMEKProviders.sorted().map { .string($0.rawValue) })),
            ("azureApplicationId", org.azureApplicationID.map(JSONValue.string)),
        ])
    }

    static func apiKey(_ key: APIKey) -> JSONValue {
        object([
            ("id", .string(key.id)),
            ("organizationId", .string(key.organizationID)),
            ("name", .string(key.name)),
            ("description", .string(key.description)),
            ("token", .string(key.token)),
            ("expiry", number(key.expiryDays)),
            ("expiresAt", key.expiresAt.map(time)),
            ("allowedCIDRs", strings(key.allowedCIDRs)),
            ("organizationRoles", strings(key.organizationRoles)),
            ("resources", .array(key.resources.map { grant in
                ["type": .string(grant.type), "id": .string(grant.projectID), "roles": strings(grant.roles)]
            })),
            ("audit", audit(key.audit)),
        ])
    }

    static func project(_ project: Project) -> JSONValue {
        object([
            ("id", .string(project.id)),
            ("organizationId", .string(project.organizationID)),
            ("name", .string(project.name)),
            ("description", .string(project.description)),
            ("audit", audit(project.audit)),
            ("cmekAzureEnabled", project.azureCMEKEnabled ? .bool(true) : nil),
            ("azureApplicationId", project.azureApplicationID.map(JSONValue.string)),
        ])
    }

    static func cluster(_ cluster: Cluster) -> JSONValue {
        let spec = cluster.spec
        return object([
            ("id", .string(cluster.id)),
            ("organizationId", .string(cluster.organizationID)),
            ("projectId", .string(cluster.projectID)),
            ("name", .string(spec.name)),
            ("description", .string(spec.description)),
            ("configurationType", .string(spec.configurationType)),
            ("cloudProvider", ["type": .string(spec.provider.rawValue), "region": .string(spec.region), "cidr": .string(spec.cidr)]),
            ("couchbaseServer", ["version": .string(spec.serverVersion)]),
            ("serviceGroups", .array(spec.serviceGroups.map(serviceGroup))),
            ("availability", ["type": .string(spec.availability)]),
            ("support", ["plan": .string(spec.supportPlan), "timezone": .string(spec.supportTimezone)]),
            ("zones", spec.zones.map(strings)),
            ("enablePrivateDNSResolution", .bool(spec.enablePrivateDNSResolution)),
            ("connectionString", .string(cluster.connectionString)),
            ("deletionProtection", .bool(cluster.deletionProtection)),
            ("state", .string(cluster.restingState.rawValue)),
            ("transition", cluster.transition.map(transition)),
            ("cmekId", cluster.cmekID.map(JSONValue.string)),
            ("audit", audit(cluster.audit)),
        ])
    }

    static func serviceGroup(_ group: ServiceGroup) -> JSONValue {
        let disk = object([
            ("type", .string(group.disk.type)),
            ("storage", group.disk.storage.map(JSONValue.int)),
            ("iops", group.disk.iops.map(JSONValue.int)),
            ("autoExpansion", group.disk.autoExpansion.map(JSONValue.bool)),
        ])
        return [
            "node": ["compute": ["cpu": .int(group.cpu), "ram": .int(group.ram)], "disk": disk],
            "numOfNodes": .int(group.numOfNodes),
            "services": strings(group.services),
        ]
    }

    static func transition(_ transition: Transition) -> JSONValue {
        let change: JSONValue? = transition.cmekChange.map { change in
            switch change {
            case .associate(let keyID): return ["associate": .string(keyID)]
            case .unassociate: return "unassociate"
            }
        }
        return object([
            ("kind", .string(transition.kind.rawValue)),
            ("startedAt", time(transition.startedAt)),
            ("deadline", time(transition.deadline)),
            ("cmekChange", change),
            ("outcome", transition.forcedOutcome.map { .string($0.rawValue) }),
        ])
    }

    static func cmekKey(_ key: CMEKKey) -> JSONValue {
        object([
            ("id", .string(key.id)),
            ("organizationId", .string(key.organizationID)),
            ("projectId", key.projectID.map(JSONValue.string)),
            ("name", .string(key.name)),
            ("description", .string(key.description)),
            ("config", keyConfig(key.config)),
            ("history", .array(key.history.map { entry in
                [
                    "config": keyConfig(entry.config),
                    "associatedAt": time(entry.associatedAt),
                    "associatedBy": .string(entry.associatedBy),
                ]
            })),
            ("lastRotatedAt", key.lastRotatedAt.map(time)),
            ("audit", audit(key.audit)),
        ])
    }

    static func keyConfig(_ config: KeyConfig) -> JSONValue {
        switch config {
        case .aws(let arn): return ["arn": .string(arn)]
        case .gcp(let name): return ["resourceName": .string(name)]
        case .azure(let location, let region): return ["keyLocation": .string(location), "region": .string(region)]
        }
    }

    static func transitionFault(_ fault: TransitionFault) -> JSONValue {
        ["id": .string(fault.id), "clusterId": .string(fault.clusterID), "outcome": .string(fault.outcome.rawValue)]
    }

    static func audit(_ audit: Audit) -> JSONValue {
        [
            "createdBy": .string(audit.createdBy),
            "createdAt": time(audit.createdAt),
            "modifiedBy": .string(audit.modifiedBy),
            "modifiedAt": time(audit.modifiedAt),
            "version": .int(audit.version),
        ]
    }

    // MARK: Scalars

    static func time(_ time: SimTime) -> JSONValue {
        .string(time.rfc3339)
    }

    static func strings(_ texts: [String]) -> JSONValue {
        .array(texts.map(JSONValue.string))
    }

    /// Whole numbers as integers (what reading the written text gives back), others as doubles.
    static func number(_ value: Double) -> JSONValue {
        if value == value.rounded(), abs(value) < 1e15 { return .int(Int(value)) }
        return .double(value)
    }

    /// An object from members in order; nil members are left out.
    static func object(_ members: [(String, JSONValue?)]) -> JSONValue {
        .object(JSONObject(members.compactMap { key, value in value.map { (key: key, value: $0) } }))
    }
}
