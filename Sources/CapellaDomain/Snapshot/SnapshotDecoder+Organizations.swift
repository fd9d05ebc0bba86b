// Reading organizations, their API keys and projects. Values go through the same rules the API
// applies (APIKeyRules, ProjectRules), so a seed file cannot hold what a request could not create.

extension SnapshotDecoder {
    static func organization(_ field: SnapshotField) throws(SnapshotError) -> Row<Organization> {
        let row = try field.object()
        let id = try row.required("id").uuid()
        let name = try row.required("name").nonEmptyString()
        let description = try row.required("description").string()
        let subdomain = try row.optional("subdomain")?.string()
        let sessionDuration = try row.required("preferences").object().required("sessionDuration").int()
        let audit = try audit(row.required("audit"))
        let cloudAccounts = try cloudAccounts(row.required("cloudAccounts"))
        let providersField = try row.required("cmekProviders")
        var providers: Set<CloudProvider> = []
        for element in try providersField.array() {
            let name = try element.string()
            guard let provider = CloudProvider(rawValue: name) else {
                throw element.failure("\"\(name)\" is not a cloud provider; use aws, gcp or azure")
            }
            guard providers.insert(provider).inserted else { throw element.failure("\"\(name)\" is listed twice") }
        }
        let applicationField = row.optional("azureApplicationId")
        let applicationID = try applicationField?.uuid()
        if providers.contains(.azure), applicationID == nil {
            throw SnapshotError(path: row.path(of: "azureApplicationId"),
                                reason: "required when azure is in cmekProviders (enabling Azure CMEK creates the Entra ID application)")
        }
        let organization = Organization(id: id, name: name, description: description, subdomain: subdomain,
                                        sessionDuration: sessionDuration, audit: audit, cloudAccounts: cloudAccounts,
                                        enabledCMEKProviders: providers, azureApplicationID: applicationID)
        return Row(value: organization, id: id, path: row.path)
    }

    static func cloudAccounts(_ field: SnapshotField) throws(SnapshotError) -> CloudAccounts {
        let accounts = try field.object()
        let awsField = try accounts.required("aws")
        let aws = try awsField.string()
        guard aws.count == 12, aws.allSatisfy(\.isASCIIDigit) else {
            throw awsField.failure("\"\(aws)\" is not an AWS account id (12 digits)")
        }
        let gcpField = try accounts.required("gcp")
        let gcp = try gcpField.string()
        guard KeyConfig.isGCPProjectID(gcp) else {
            throw gcpField.failure("\"\(gcp)\" is not a GCP project id (6-30 lowercase letters, digits or '-', starting with a letter)")
        }
        let azure = try accounts.required("azure").uuid()
        return CloudAccounts(aws: aws, gcp: gcp, azure: azure)
    }

    static func project(_ field: SnapshotField) throws(SnapshotError) -> Row<Project> {
        let row = try field.object()
        let id = try row.required("id").uuid()
        let organizationID = try row.required("organizationId").uuid()
        let name = try row.required("name").string()
        let description = try row.required("description").string()
        try validating(at: row.path) { () throws(CapellaError) in
            try ProjectRules.validate(name: name, description: description)
        }
        let audit = try audit(row.required("audit"))
        let azureEnabled = try row.optional("cmekAzureEnabled")?.bool() ?? false
        let applicationField = row.optional("azureApplicationId")
        let applicationID = try applicationField?.string()
        if azureEnabled && applicationID == nil {
            throw SnapshotError(path: "\(row.path).azureApplicationId", reason: "a project with Azure CMEK enabled needs its application id")
        }
        if let applicationField, !azureEnabled {
            throw applicationField.failure("only a project with cmekAzureEnabled has an Azure application id")
        }
        let project = Project(id: id, organizationID: organizationID, name: name, description: description, audit: audit,
                              azureCMEKEnabled: azureEnabled, azureApplicationID: applicationID)
        return Row(value: project, id: id, path: row.path)
    }

    /// API key ids are what Capella issues (32 letters and digits); a seed may use 1 to 64.
    static let apiKeyIDLengths = 1...64

    static func apiKey(_ field: SnapshotField) throws(SnapshotError) -> Row<APIKey> {
        let row = try field.object()
        let idField = try row.required("id")
        let id = try idField.string()
        guard apiKeyIDLengths.contains(id.count), id.allSatisfy({ $0.isASCIILetter || $0.isASCIIDigit }) else {
            throw idField.failure("\"\(id)\" is not an API key id (1 to 64 letters and digits)")
        }
        let organizationID = try row.required("organizationId").uuid()
        var draft = APIKeyDraft()
        draft.name = try row.required("name").string()
        draft.description = try row.required("description").string()
        let token = try row.required("token").nonEmptyString()
        let expiryField = try row.required("expiry")
        draft.expiry = try expiryField.number()
        let expiresAt = try row.optional("expiresAt")?.time()
        draft.allowedCIDRs = try row.required("allowedCIDRs").strings()
        draft.organizationRoles = try row.required("organizationRoles").strings()
        var resources: [APIKeyDraft.ResourceDraft] = []
        for element in try row.required("resources").array() {
            let resource = try element.object()
            resources.append(APIKeyDraft.ResourceDraft(type: try resource.required("type").string(),
                                                       id: try resource.required("id").string(),
                                                       roles: try resource.required("roles").strings()))
        }
        draft.resources = resources
        let audit = try audit(row.required("audit"))
        let valid = try validating(at: row.path) { () throws(CapellaError) in try APIKeyRules.validate(draft) }
        let neverExpires = valid.expiryDays == APIKeyRules.neverExpires
        if neverExpires, expiresAt != nil {
            throw SnapshotError(path: row.path(of: "expiresAt"), reason: "a key whose expiry is -1 never expires and has no expiresAt")
        }
        if !neverExpires, expiresAt == nil {
            throw SnapshotError(path: row.path(of: "expiresAt"), reason: "required when expiry is not -1 (the instant the key stops working)")
        }
        let key = APIKey(id: id, organizationID: organizationID, name: valid.name, description: valid.description,
                         token: token, expiryDays: valid.expiryDays, expiresAt: expiresAt,
                         allowedCIDRs: valid.allowedCIDRs, organizationRoles: valid.organizationRoles,
                         resources: valid.resources, audit: audit)
        return Row(value: key, id: id, path: row.path)
    }
}
