// Snapshot document → Snapshot.Contents, one table after another in document order. This file
// reads the document frame (version, clock, durations, KMS, faults) and assembles the tables;
// the rows are read in the SnapshotDecoder+… files. References between tables are checked
// afterwards by SnapshotReferences.

enum SnapshotDecoder {
    /// Durations longer than this are refused, as everywhere else.
    static let maximumDuration = Durations.maximumSeconds
    /// Audit versions grow by one per update; this leaves them room to grow.
    static let maximumAuditVersion = Int(Int32.max)

    static func document(_ root: SnapshotField) throws(SnapshotError) -> Snapshot.Contents {
        let document = try root.object()
        let versionField = try document.required("version")
        let version = try versionField.int()
        guard version == Snapshot.formatVersion else {
            throw versionField.failure("unsupported snapshot version \(version); this capella-mock reads version \(Snapshot.formatVersion)")
        }
        let now = try document.required("clock").object().required("now").time()
        let durations = try durations(document.required("durations"))

        let organizations = try rows(document.required("organizations"), organization)
        try checkUnique(organizations.map { ($0.id, "\($0.path).id") }, what: "organization id")
        let apiKeys = try rows(document.required("apiKeys"), apiKey)
        try checkUnique(apiKeys.map { ($0.id, "\($0.path).id") }, what: "API key id")
        try checkUnique(apiKeys.map { ($0.value.token, "\($0.path).token") }, what: "API key token", showValue: false)
        let projects = try rows(document.required("projects"), project)
        try checkUnique(projects.map { ($0.id, "\($0.path).id") }, what: "project id")
        let clusters = try rows(document.required("clusters"), cluster)
        try checkUnique(clusters.map { ($0.id, "\($0.path).id") }, what: "cluster id")
        let keys = try rows(document.required("cmekKeys"), cmekKey)
        try checkUnique(keys.map { ($0.id, "\($0.path).id") }, what: "CMEK key id")
        let inaccessible = try document.required("kms").object().required("inaccessible").array()
        var resources: Set<String> = []
        for resource in inaccessible { resources.insert(try resource.nonEmptyString()) }
        let faults = try rows(document.required("transitionFaults"), transitionFault)
        try checkUnique(faults.map { ($0.id, "\($0.path).id") }, what: "transition fault id")

        var state = MockState(organizations: organizations.map(\.value), apiKeys: apiKeys.map(\.value),
                              projects: projects.map(\.value), clusters: clusters.map(\.value),
                              cmekKeys: keys.map(\.value))
        state.inaccessibleKeyResources = resources
        state.transitionFaults = faults.map(\.value)
        return Snapshot.Contents(state: state, now: now, durations: durations)
    }

    // MARK: Frame

    static func durations(_ field: SnapshotField) throws(SnapshotError) -> Durations {
        let object = try field.object()
        func seconds(_ key: String) throws(SnapshotError) -> Double {
            let member = try object.required(key)
            let value = try member.number()
            guard value.isFinite, value >= 0, value <= maximumDuration else {
                throw member.failure("a duration must be between 0 and \(Int(maximumDuration)) seconds (100 years)")
            }
            return value
        }
        var durations = Durations()
        durations.deploy = try seconds("deploy")
        durations.cmekRedeploy = try seconds("cmekRedeploy")
        durations.scale = try seconds("scale")
        durations.destroy = try seconds("destroy")
        durations.turnOff = try seconds("turnOff")
        durations.turnOn = try seconds("turnOn")
        return durations
    }

    static func transitionFault(_ field: SnapshotField) throws(SnapshotError) -> Row<TransitionFault> {
        let row = try field.object()
        let id = try row.required("id").uuid()
        let clusterField = try row.required("clusterId")
        let target = try clusterField.string()
        let clusterID: String
        if target == TransitionFault.anyCluster {
            clusterID = target
        } else if let canonical = Identifier.canonicalUUID(target) {
            clusterID = canonical
        } else {
            throw clusterField.failure("\"\(target)\" is neither a cluster id (a UUID) nor \"*\" (any cluster)")
        }
        let outcome = try failureOutcome(row.required("outcome"))
        return Row(value: TransitionFault(id: id, clusterID: clusterID, outcome: outcome), id: id, path: row.path)
    }

    /// A failed state that ends a transition: a key of `TransitionFault.kinds`.
    static func failureOutcome(_ field: SnapshotField) throws(SnapshotError) -> ClusterState {
        let name = try field.string()
        let outcomes = TransitionFault.kinds.keys.map(\.rawValue).sorted()
        guard let outcome = ClusterState(rawValue: name), TransitionFault.kinds[outcome] != nil else {
            throw field.failure("\"\(name)\" is not a transition failure; use one of \(outcomes.joined(separator: ", "))")
        }
        return outcome
    }

    static func audit(_ field: SnapshotField) throws(SnapshotError) -> Audit {
        let audit = try field.object()
        let createdBy = try audit.required("createdBy").string()
        let createdAt = try audit.required("createdAt").time()
        let modifiedBy = try audit.required("modifiedBy").string()
        let modifiedAt = try audit.required("modifiedAt").time()
        let versionField = try audit.required("version")
        let version = try versionField.int()
        guard version >= 1, version <= maximumAuditVersion else {
            throw versionField.failure("the version must be between 1 and \(maximumAuditVersion); got \(version)")
        }
        return Audit(createdBy: createdBy, createdAt: createdAt, modifiedBy: modifiedBy, modifiedAt: modifiedAt,
                     version: version)
    }

    // MARK: Tables

    /// A decoded row, its id and where it is ("clusters[2]"), for uniqueness messages.
    struct Row<Value> {
        var value: Value
        var id: String
        var path: String
    }

    static func rows<Value>(_ field: SnapshotField, _ read: (SnapshotField) throws(SnapshotError) -> Row<Value>)
        throws(SnapshotError) -> [Row<Value>]
    {
        var rows: [Row<Value>] = []
        for element in try field.array() { rows.append(try read(element)) }
        return rows
    }

    /// Throws at the second occurrence of any value.
    static func checkUnique(_ entries: [(value: String, path: String)], what: String, showValue: Bool = true) throws(SnapshotError) {
        var seen: [String: String] = [:]
        for entry in entries {
            if let first = seen[entry.value] {
                let shown = showValue ? " \(entry.value)" : ""
                throw SnapshotError(path: entry.path, reason: "duplicate \(what)\(shown); \(first) has it already")
            }
            seen[entry.value] = entry.path
        }
    }
}
