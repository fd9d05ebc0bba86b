// Every route capella-mock serves. Templates and operationIds are the Capella v4 spec's; the
// roles are its `x-roles`. The admin API lives under /_mock.

enum RouteTable {
    static let organizationPath = "/v4/organizations/{organizationId}"
    static let projectPath = organizationPath + "/projects/{projectId}"
    static let clusterPath = projectPath + "/clusters/{clusterId}"

    static func all(adminEnabled: Bool) -> [Route] {
        v4 + admin(enabled: adminEnabled)
    }

    private static let owner: Set<String> = [Role.owner]
    private static let ownerOrMember: Set<String> = [Role.owner, Role.member]
    private static let orgReaders: Set<String> = [Role.owner, Role.member, Role.projectCreator]
    private static let clusterWriters: Set<String> = [Role.projectOwner, Role.projectManager]

    static let v4: [Route] = [
        // Organizations
        Route("GET", "/v4/organizations", "listOrganizations", .roles(orgReaders), OrganizationHandlers.list),
        Route("GET", organizationPath, "getOrganizationByID", .roles(orgReaders), OrganizationHandlers.get),

        // API keys. Beyond these roles, non-owners reach only project keys they own (APIKeyAccess).
        Route("POST", organizationPath + "/apikeys", "postOrganizationAPIKeys",
              .roles([Role.owner, Role.projectCreator], project: [Role.projectOwner]), APIKeyHandlers.create),
        Route("GET", organizationPath + "/apikeys", "listOrganizationAPIKeys",
              .roles(Role.organizationRoles, project: Role.allProjectRoles), APIKeyHandlers.list),
        Route("GET", organizationPath + "/apikeys/{ApiKeyId}", "getOrganizationAPIKeyByAccessKey",
              .roles(Role.organizationRoles), APIKeyHandlers.get),
        Route("DELETE", organizationPath + "/apikeys/{ApiKeyId}", "deleteOrganizationAPIKey",
              .roles(Role.organizationRoles), APIKeyHandlers.delete),
        Route("POST", organizationPath + "/apikeys/{ApiKeyId}/rotate", "postOrganizationAPIKeyRotate",
              .roles(Role.organizationRoles), APIKeyHandlers.rotate),

        // Projects
        Route("POST", organizationPath + "/projects", "postProject",
              .roles([Role.owner, Role.projectCreator]), ProjectHandlers.create),
        Route("GET", organizationPath + "/projects", "listProjects",
              .roles(owner, project: Role.allProjectRoles), ProjectHandlers.list),
        Route("GET", projectPath, "getProjectByID", .roles(owner, project: Role.allProjectRoles), ProjectHandlers.get),
        Route("PUT", projectPath, "putProject", .roles(owner, project: [Role.projectOwner]), ProjectHandlers.update),
        Route("DELETE", projectPath, "deleteProjectByID", .roles(owner, project: [Role.projectOwner]), ProjectHandlers.delete),

        // Clusters
        Route("POST", projectPath + "/clusters", "postCluster", .roles(owner, project: clusterWriters), ClusterHandlers.create),
        Route("GET", projectPath + "/clusters", "listClusters", .roles(owner, project: Role.allProjectRoles), ClusterHandlers.list),
        Route("GET", clusterPath, "getCluster", .roles(owner, project: Role.allProjectRoles), ClusterHandlers.get),
        Route("PUT", clusterPath, "putCluster", .roles(owner, project: clusterWriters), ClusterHandlers.update),
        Route("DELETE", clusterPath, "deleteCluster", .roles(owner, project: clusterWriters), ClusterHandlers.delete),
        // On/off: the spec lists Organization Owner and Project Owner; Capella also lets a
        // Project Manager do it (Couchbase's own test suite and REST client rely on that).
        Route("POST", clusterPath + "/activationState", "clusterOn", .roles(owner, project: clusterWriters),
              ActivationHandlers.turnOn),
        Route("DELETE", clusterPath + "/activationState", "clusterOff", .roles(owner, project: clusterWriters),
              ActivationHandlers.turnOff),
        // Not in the public spec; the Terraform provider uses it.
        Route("PUT", clusterPath + "/deletionProtection", "putClusterDeletionProtection", .roles(owner, project: clusterWriters),
              ActivationHandlers.setDeletionProtection),

        // CMEK, organization level
        Route("GET", organizationPath + "/cloudAccounts", "getCloudAccounts", .roles(orgReaders), CMEKHandlers.cloudAccounts),
        Route("POST", organizationPath + "/cmek", "postCMEKMetadata", .roles(owner), CMEKHandlers.create),
        Route("GET", organizationPath + "/cmek", "getKeyMetadataList", .roles(ownerOrMember), CMEKHandlers.list),
        Route("GET", organizationPath + "/cmek/{cmekId}", "getKeyMetadata", .roles(ownerOrMember), CMEKHandlers.get),
        Route("PUT", organizationPath + "/cmek/{cmekId}", "rotateCMEKKey", .roles(owner), CMEKHandlers.rotate),
        Route("DELETE", organizationPath + "/cmek/{cmekId}", "deleteKeyMetadata", .roles(owner), CMEKHandlers.delete),
        Route("GET", organizationPath + "/cmek/{cmekId}/history", "listCMEKHistory", .roles(ownerOrMember), CMEKHandlers.history),
        Route("PUT", organizationPath + "/cmek/providers", "enableCMEK", .roles(owner), CMEKHandlers.enableProvider),
        Route("GET", organizationPath + "/cmekAzureApplication", "getAzureApplicationID", .roles(ownerOrMember),
              CMEKHandlers.azureApplication),
        // CMEK, project level (Azure keys only; not in the public spec, used by Couchbase's REST
        // client and documented). Each project enables Azure on its own.
        Route("PUT", projectPath + "/cmek/providers", "enableCMEKAzureProject", .roles(owner, project: clusterWriters),
              CMEKHandlers.enableProvider),
        Route("GET", projectPath + "/cmekAzureApplication", "getAzureApplicationIDForProject", .roles(owner, project: clusterWriters),
              CMEKHandlers.azureApplication),
        Route("POST", projectPath + "/cmek", "postCMEKAzureMetadataForProject", .roles(owner, project: clusterWriters),
              CMEKHandlers.create),
        Route("GET", projectPath + "/cmek", "getAzureKeyMetadataListForProject", .roles(owner, project: clusterWriters),
              CMEKHandlers.list),
        Route("GET", projectPath + "/cmek/{cmekId}", "getAzureKeyMetadataForProject", .roles(owner, project: clusterWriters),
              CMEKHandlers.get),
        Route("PUT", projectPath + "/cmek/{cmekId}", "rotateAzureKeyMetadataForProject", .roles(owner, project: clusterWriters),
              CMEKHandlers.rotate),
        Route("DELETE", projectPath + "/cmek/{cmekId}", "deleteAzureKeyMetadataForProject", .roles(owner, project: clusterWriters),
              CMEKHandlers.delete),
        Route("GET", projectPath + "/cmek/{cmekId}/history", "listAzureKeyHistoryForProject", .roles(owner, project: clusterWriters),
              CMEKHandlers.history),

        Route("POST", clusterPath + "/cmek/{cmekId}/associate", "AssociateCMEK", .roles(owner, project: clusterWriters),
              CMEKHandlers.associate),
        Route("POST", clusterPath + "/cmek/{cmekId}/unassociate", "UnassociateCMEK", .roles(owner, project: clusterWriters),
              CMEKHandlers.unassociate),
    ]

    /// With the admin API off, only the health check stays (CI and Docker wait on it).
    static func admin(enabled: Bool) -> [Route] {
        let health = Route("GET", "/_mock/health", "mockHealth", .admin, AdminHandlers.health)
        guard enabled else { return [health] }
        return [
            health,
            Route("GET", "/_mock/openapi.yaml", "mockOpenAPI", .admin, AdminHandlers.openAPI),
            Route("GET", "/_mock/clock", "mockGetClock", .admin, AdminHandlers.clock),
            Route("POST", "/_mock/clock/advance", "mockAdvanceClock", .admin, AdminHandlers.advanceClock),
            Route("POST", "/_mock/reset", "mockReset", .admin, AdminHandlers.reset),
            Route("GET", "/_mock/state", "mockGetState", .admin, StateAdminHandlers.get),
            Route("PUT", "/_mock/state", "mockPutState", .admin, StateAdminHandlers.put),
            Route("GET", "/_mock/requests", "mockListRequests", .admin, JournalAdminHandlers.list),
            Route("DELETE", "/_mock/requests", "mockClearRequests", .admin, JournalAdminHandlers.clear),
            Route("POST", "/_mock/faults", "mockAddFault", .admin, FaultAdminHandlers.add),
            Route("GET", "/_mock/faults", "mockListFaults", .admin, FaultAdminHandlers.list),
            Route("DELETE", "/_mock/faults", "mockClearFaults", .admin, FaultAdminHandlers.removeAll),
            Route("DELETE", "/_mock/faults/{faultId}", "mockRemoveFault", .admin, FaultAdminHandlers.remove),
            Route("GET", "/_mock/kms/keys", "mockListKMSOverrides", .admin, WorldAdminHandlers.listKMS),
            Route("PUT", "/_mock/kms/keys", "mockSetKMSAccess", .admin, WorldAdminHandlers.setKMS),
            Route("GET", "/_mock/durations", "mockGetDurations", .admin, WorldAdminHandlers.getDurations),
            Route("PUT", "/_mock/durations", "mockSetDurations", .admin, WorldAdminHandlers.setDurations),
            Route("POST", "/_mock/clusters/{clusterId}/repair", "mockRepairCluster", .admin, WorldAdminHandlers.repairCluster),
        ]
    }
}
