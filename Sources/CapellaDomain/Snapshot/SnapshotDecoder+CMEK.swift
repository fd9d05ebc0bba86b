// Reading CMEK key metadata: every key configuration (the current one and each in the rotation
// history) goes through KeyConfig.validated.

extension SnapshotDecoder {
    static func cmekKey(_ field: SnapshotField) throws(SnapshotError) -> Row<CMEKKey> {
        let row = try field.object()
        let id = try row.required("id").uuid()
        let organizationID = try row.required("organizationId").uuid()
        let projectID = try row.optional("projectId")?.uuid()
        let name = try row.required("name").string()
        let description = try row.required("description").string()
        try validating(at: row.path) { () throws(CapellaError) in
            try CMEKRules.validateMetadata(name: name, description: description)
        }
        let config = try keyConfig(row.required("config"))
        let historyField = try row.required("history")
        var history: [KeyHistoryEntry] = []
        for element in try historyField.array() {
            let entry = try element.object()
            let entryConfigField = try entry.required("config")
            let entryConfig = try keyConfig(entryConfigField)
            guard entryConfig.provider == config.provider else {
                throw entryConfigField.failure("\(withArticle(config.provider.displayName)) key's history can only hold \(config.provider.displayName) keys, not \(withArticle(entryConfig.provider.displayName)) one")
            }
            history.append(KeyHistoryEntry(config: entryConfig, associatedAt: try entry.required("associatedAt").time(),
                                           associatedBy: try entry.required("associatedBy").string()))
        }
        guard let last = history.last else {
            throw historyField.failure("the history must hold at least the key's current config")
        }
        guard last.config == config else {
            throw SnapshotError(path: "\(historyField.path)[\(history.count - 1)].config",
                                reason: "the last history entry is the active one and must equal the key's config")
        }
        let lastRotatedAt = try row.optional("lastRotatedAt")?.time()
        let audit = try audit(row.required("audit"))
        let key = CMEKKey(id: id, organizationID: organizationID, projectID: projectID, name: name, description: description,
                          config: config, history: history, lastRotatedAt: lastRotatedAt, audit: audit)
        return Row(value: key, id: id, path: row.path)
    }

    /// `{"arn"}`, `{"resourceName"}` or `{"keyLocation", "region"}`.
    static func keyConfig(_ field: SnapshotField) throws(SnapshotError) -> KeyConfig {
        let object = try field.object()
        let arn = try object.optional("arn")?.string()
        let resourceName = try object.optional("resourceName")?.string()
        let keyLocation = try object.optional("keyLocation")?.string()
        let region = try object.optional("region")?.string()
        return try validating(at: field.path) { () throws(CapellaError) in
            try KeyConfig.validated(arn: arn, resourceName: resourceName, keyLocation: keyLocation, region: region)
        }
    }
}
