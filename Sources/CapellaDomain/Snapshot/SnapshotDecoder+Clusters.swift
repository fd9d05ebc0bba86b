// Reading clusters: the specification goes through ClusterRules.validateCreate (with the CIDR
// required, since a stored cluster always has one), then the lifecycle: a resting state and an
// optional running transition.

extension SnapshotDecoder {
    /// States that only exist while an operation runs; a snapshot expresses them as `transition`.
    static let transitionalStates: Set<ClusterState> =
        Set(TransitionKind.allCases.map(\.activeState)).union([.upgrading, .peering])

    static func cluster(_ field: SnapshotField) throws(SnapshotError) -> Row<Cluster> {
        let row = try field.object()
        let id = try row.required("id").uuid()
        let organizationID = try row.required("organizationId").uuid()
        let projectID = try row.required("projectId").uuid()
        let spec = try clusterSpec(row)
        let connectionString = try row.required("connectionString").string()
        let deletionProtection = try row.required("deletionProtection").bool()
        let restingState = try restingState(row.required("state"))
        let transitionField = row.optional("transition")
        var transition: Transition?
        if let transitionField { transition = try self.transition(transitionField) }
        let cmekID = try row.optional("cmekId")?.uuid()
        let audit = try audit(row.required("audit"))

        if let transitionField, let change = transition?.cmekChange {
            let at = "\(transitionField.path).cmekChange"
            switch change {
            case .associate where cmekID != nil:
                throw SnapshotError(path: at, reason: "a cluster that has a cmekId cannot be waiting for another key to be associated")
            case .unassociate where cmekID == nil:
                throw SnapshotError(path: at, reason: "a pending unassociate needs the cluster's current cmekId")
            default:
                break
            }
        }
        let cluster = Cluster(id: id, organizationID: organizationID, projectID: projectID, spec: spec,
                              connectionString: connectionString, deletionProtection: deletionProtection,
                              restingState: restingState, transition: transition, cmekID: cmekID, audit: audit)
        return Row(value: cluster, id: id, path: row.path)
    }

    /// The create-request fields of a cluster, judged by `ClusterRules.validateCreate`.
    static func clusterSpec(_ row: SnapshotObject) throws(SnapshotError) -> ClusterSpec {
        var draft = ClusterDraft()
        draft.name = try row.required("name").string()
        draft.description = try row.required("description").string()
        draft.configurationType = try row.required("configurationType").string()
        let cloud = try row.required("cloudProvider").object()
        draft.cloudProvider = CloudProviderDraft(type: try cloud.required("type").string(),
                                                 region: try cloud.required("region").string(),
                                                 cidr: try cloud.required("cidr").string())
        draft.serverVersion = try row.required("couchbaseServer").object().required("version").string()
        var groups: [ServiceGroupDraft] = []
        for element in try row.required("serviceGroups").array() {
            groups.append(try serviceGroup(element))
        }
        draft.serviceGroups = groups
        draft.availabilityGiven = true
        draft.availabilityType = try row.required("availability").object().required("type").string()
        let support = try row.required("support").object()
        draft.support = SupportDraft(plan: try support.required("plan").string(),
                                     timezone: try support.required("timezone").string())
        draft.zones = try row.optional("zones")?.strings()
        draft.enablePrivateDNSResolution = try row.required("enablePrivateDNSResolution").bool()
        return try validating(at: row.path) { () throws(CapellaError) in try ClusterRules.validateCreate(draft) }
    }

    static func serviceGroup(_ field: SnapshotField) throws(SnapshotError) -> ServiceGroupDraft {
        let group = try field.object()
        let node = try group.required("node").object()
        let compute = try node.required("compute").object()
        let cpu = try compute.required("cpu").int()
        let ram = try compute.required("ram").int()
        let disk = try node.required("disk").object()
        let diskDraft = DiskDraft(type: try disk.required("type").string(), storage: try disk.optional("storage")?.int(),
                                  iops: try disk.optional("iops")?.int(),
                                  autoExpansion: try disk.optional("autoExpansion")?.bool())
        return ServiceGroupDraft(nodeGiven: true, cpu: cpu, ram: ram, disk: diskDraft,
                                 numOfNodes: try group.required("numOfNodes").int(),
                                 services: try group.required("services").strings())
    }

    static func restingState(_ field: SnapshotField) throws(SnapshotError) -> ClusterState {
        let state = try clusterState(field)
        guard !transitionalStates.contains(state) else {
            throw field.failure("\"\(state.rawValue)\" is the state of a running operation, not a resting state; give the resting state (for example healthy) and describe the operation in \"transition\"")
        }
        return state
    }

    static func clusterState(_ field: SnapshotField) throws(SnapshotError) -> ClusterState {
        let name = try field.string()
        guard let state = ClusterState(rawValue: name) else {
            throw field.failure("\"\(name)\" is not a cluster state; use one of \(ClusterState.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return state
    }

    static func transition(_ field: SnapshotField) throws(SnapshotError) -> Transition {
        let object = try field.object()
        let kindField = try object.required("kind")
        let kindName = try kindField.string()
        guard let kind = TransitionKind(rawValue: kindName) else {
            throw kindField.failure("\"\(kindName)\" is not a transition kind; use one of \(TransitionKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let startedAt = try object.required("startedAt").time()
        let deadlineField = try object.required("deadline")
        let deadline = try deadlineField.time()
        guard deadline >= startedAt else {
            throw deadlineField.failure("the deadline \(deadline.rfc3339) is before startedAt \(startedAt.rfc3339)")
        }
        var change: CMEKChange?
        if let changeField = object.optional("cmekChange") {
            change = try cmekChange(changeField)
            guard kind == .cmekRedeploy else {
                throw changeField.failure("only a cmekRedeploy transition changes the cluster's key, not \(withArticle(kind.rawValue))")
            }
        }
        var outcome: ClusterState?
        if let outcomeField = object.optional("outcome") {
            let failure = try failureOutcome(outcomeField)
            guard TransitionFault.kinds[failure] == kind else {
                throw outcomeField.failure("\(failure.rawValue) ends \(withArticle(TransitionFault.kinds[failure]?.rawValue ?? "different")) transition, not \(withArticle(kind.rawValue))")
            }
            outcome = failure
        }
        return Transition(kind: kind, startedAt: startedAt, deadline: deadline, cmekChange: change, forcedOutcome: outcome)
    }

    /// `{"associate": keyId}` or `"unassociate"`.
    static func cmekChange(_ field: SnapshotField) throws(SnapshotError) -> CMEKChange {
        switch field.value {
        case .string("unassociate"):
            return .unassociate
        case .object:
            return .associate(keyID: try field.object().required("associate").uuid())
        default:
            throw field.failure("expected {\"associate\": \"<key id>\"} or \"unassociate\"")
        }
    }
}
