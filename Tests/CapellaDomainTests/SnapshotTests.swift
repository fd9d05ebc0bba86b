import MockJSON
import Testing
@testable import CapellaDomain

// The snapshot codec: a rich state survives encode → decode unchanged, the document uses the
// documented field names, a hand-written seed decodes, every broken rule is reported at its path,
// and no truncated or mutated document makes decode trap.

@Suite struct SnapshotRoundTripTests {
    @Test func aRichStateSurvivesARoundTripUnchanged() throws {
        let rich = try RichState.build()
        let contents = rich.contents
        // The builder really produced every shape the codec must carry.
        let clusters = contents.state.clusters
        #expect(clusters[rich.defaultCluster]?.transition?.cmekChange == .associate(keyID: rich.awsKey))
        #expect(clusters[rich.defaultCluster]?.transition?.forcedOutcome == .rebalanceFailed)
        #expect(clusters[rich.gcpCluster]?.restingState == .degraded)
        #expect(clusters[rich.gcpCluster]?.spec.zones?.count == 3)
        #expect(clusters[rich.sandboxCluster]?.transition?.kind == .destroy)
        #expect(clusters[rich.azureCluster]?.deletionProtection == true)
        #expect(Set(contents.state.cmekKeys.values.map(\.config.provider)) == [.aws, .gcp, .azure])
        #expect(contents.state.cmekKeys.values.allSatisfy { $0.history.count >= 2 })
        #expect(contents.state.apiKeys.values.contains { $0.expiresAt != nil && !$0.resources.isEmpty })
        #expect(contents.state.transitionFaults.count == 2)
        #expect(contents.state.inaccessibleKeyResources.count == 2)

        let encoded = Snapshot.encode(contents)
        let decoded = try Snapshot.decode(encoded)
        #expect(decoded == contents)

        let bytes = JSONWriter.bytes(encoded)
        let fromBytes = try Snapshot.decode(bytes)
        #expect(fromBytes == contents)
        #expect(JSONWriter.bytes(Snapshot.encode(fromBytes)) == bytes)
        #expect(try Snapshot.decode(JSONWriter.prettyBytes(encoded)) == contents)
    }

    @Test func theTokenIndexIsRebuiltFromTheAPIKeys() throws {
        let contents = try RichState.build().contents
        let decoded = try Snapshot.decode(JSONWriter.bytes(Snapshot.encode(contents)))
        for key in contents.state.apiKeys.values {
            #expect(decoded.state.apiKey(forToken: key.token)?.id == key.id)
        }
    }

    @Test func aDecodedSnapshotCarriesOnAsTheOriginalWould() throws {
        let rich = try RichState.build()
        let decoded = try Snapshot.decode(JSONWriter.bytes(Snapshot.encode(rich.contents)))
        let original = Store(state: rich.contents.state, clock: ManualClock(start: rich.contents.now),
                             durations: rich.contents.durations)
        let restored = Store(state: decoded.state, clock: ManualClock(start: decoded.now), durations: decoded.durations)
        original.advanceClock(by: 3600)
        restored.advanceClock(by: 3600)
        let after = restored.snapshot()
        #expect(after == original.snapshot())
        #expect(after.clusters[rich.defaultCluster]?.restingState == .rebalanceFailed)
        #expect(after.clusters[rich.defaultCluster]?.cmekID == nil)
        #expect(after.clusters[rich.sandboxCluster] == nil)
    }

    @Test func theDocumentUsesTheDocumentedFieldNames() throws {
        let rich = try RichState.build()
        let document = Snapshot.encode(rich.contents)
        #expect(document.objectValue?.keys == ["version", "clock", "durations", "organizations", "apiKeys", "projects",
                                               "clusters", "cmekKeys", "kms", "transitionFaults"])
        #expect(value(document, "version") == .int(1))
        #expect(value(document, "clock.now") == .string(rich.contents.now.rfc3339))
        #expect(value(document, "durations")?.objectValue?.keys == ["deploy", "cmekRedeploy", "scale", "destroy", "turnOff", "turnOn"])
        #expect(value(document, "durations.deploy") == .int(600))
        #expect(value(document, "durations.destroy") == .double(90.25))
        #expect(value(document, "organizations[0]")?.objectValue?.keys == [
            "id", "name", "description", "preferences", "audit", "cloudAccounts", "cmekProviders", "azureApplicationId",
        ])
        #expect(value(document, "organizations[0].cmekProviders") == ["aws", "azure"])
        #expect(value(document, "organizations[0].preferences.sessionDuration") == .int(7200))
        #expect(value(document, "organizations[0].audit")?.objectValue?.keys == ["createdBy", "createdAt", "modifiedBy", "modifiedAt", "version"])
        #expect(value(document, "apiKeys[0].expiry") == .int(-1))
        #expect(value(document, "apiKeys[0].expiresAt") == nil)
        #expect(value(document, "apiKeys[1]")?.objectValue?.keys == [
            "id", "organizationId", "name", "description", "token", "expiry", "expiresAt", "allowedCIDRs",
            "organizationRoles", "resources", "audit",
        ])
        #expect(value(document, "apiKeys[1].resources[0]")?.objectValue?.keys == ["type", "id", "roles"])
        #expect(value(document, "apiKeys[2].expiry") == .double(0.5))

        let clusters = try #require(value(document, "clusters")?.arrayValue)
        let ids = rich.contents.state.clusters.ids
        func cluster(_ id: String) -> JSONValue? { ids.firstIndex(of: id).map { clusters[$0] } }
        let pending = try #require(cluster(rich.defaultCluster))
        #expect(pending.objectValue?.keys == [
            "id", "organizationId", "projectId", "name", "description", "configurationType", "cloudProvider",
            "couchbaseServer", "serviceGroups", "availability", "support", "enablePrivateDNSResolution",
            "connectionString", "deletionProtection", "state", "transition", "audit",
        ])
        #expect(value(pending, "state") == "healthy")
        #expect(value(pending, "transition")?.objectValue?.keys == ["kind", "startedAt", "deadline", "cmekChange", "outcome"])
        #expect(value(pending, "transition.kind") == "cmekRedeploy")
        #expect(value(pending, "transition.cmekChange.associate") == .string(rich.awsKey))
        #expect(value(pending, "transition.outcome") == "rebalanceFailed")
        #expect(value(pending, "serviceGroups[0].node.disk")?.objectValue?.keys == ["type", "storage", "iops"])
        let gcp = try #require(cluster(rich.gcpCluster))
        #expect(value(gcp, "zones") == ["us-central1-a", "us-central1-b", "us-central1-c"])
        #expect(value(gcp, "cmekId") == .string(rich.gcpKey))
        #expect(value(gcp, "state") == "degraded")
        #expect(value(gcp, "serviceGroups[0].node.disk")?.objectValue?.keys == ["type", "storage"])
        let azure = try #require(cluster(rich.azureCluster))
        #expect(value(azure, "serviceGroups[0].node.disk") == ["type": "Ultra", "storage": 1024, "iops": 5000, "autoExpansion": true])
        #expect(value(azure, "serviceGroups[1].node.disk") == ["type": "P10", "storage": 128, "iops": 500, "autoExpansion": false])
        #expect(value(azure, "cloudProvider.cidr") == "10.0.2.0/23")  // assigned by the store

        let keys = try #require(value(document, "cmekKeys")?.arrayValue)
        let keyIDs = rich.contents.state.cmekKeys.ids
        let aws = try #require(keyIDs.firstIndex(of: rich.awsKey).map { keys[$0] })
        #expect(aws.objectValue?.keys == ["id", "organizationId", "name", "description", "config", "history", "lastRotatedAt", "audit"])
        #expect(value(aws, "history[0]")?.objectValue?.keys == ["config", "associatedAt", "associatedBy"])
        #expect(value(aws, "history[1].config.arn") == value(aws, "config.arn"))
        let azureKey = try #require(keyIDs.firstIndex(of: rich.azureKey).map { keys[$0] })
        #expect(value(azureKey, "config")?.objectValue?.keys == ["keyLocation", "region"])
        let inaccessible = (value(document, "kms.inaccessible")?.arrayValue ?? []).compactMap(\.stringValue)
        #expect(inaccessible.count == 2)
        #expect(inaccessible == inaccessible.sorted())
        #expect(value(document, "transitionFaults[0]")?.objectValue?.keys == ["id", "clusterId", "outcome"])
        #expect(value(document, "transitionFaults[0].clusterId") == "*")
        #expect(!containsNull(document))
    }

    @Test func timesKeepTheirMilliseconds() throws {
        var contents = try Snapshot.decode(try seedDocument())
        contents.now = SimTime(milliseconds: 1_767_225_600_123)
        let document = Snapshot.encode(contents)
        #expect(value(document, "clock.now") == "2026-01-01T00:00:00.123Z")
        #expect(try Snapshot.decode(JSONWriter.bytes(document)).now == contents.now)
    }
}

@Suite struct SnapshotSeedFileTests {
    @Test func aMinimalHandWrittenSeedDecodes() throws {
        let contents = try Snapshot.decode(Array(minimalSeed.utf8))
        let state = contents.state
        #expect(contents.now == SimTime(rfc3339: "2026-01-01T00:00:00Z"))
        #expect(contents.durations == Durations())
        #expect(state.organizations.ids == ["0f5c8a52-3e9b-4d7a-9a64-6c1d2b7e8f90"])  // stored lowercase
        #expect(state.projects.values.map(\.organizationID) == ["0f5c8a52-3e9b-4d7a-9a64-6c1d2b7e8f90"])
        #expect(state.apiKey(forToken: "seed-owner-token")?.organizationRoles == ["organizationOwner"])
        #expect(state.apiKeys.values.first?.expiresAt == nil)
        #expect(state.clusters.isEmpty && state.cmekKeys.isEmpty && state.transitionFaults.isEmpty)
        #expect(state.organizations.values.first?.enabledCMEKProviders == [])
        // What decoding gives back is stable from then on.
        let bytes = JSONWriter.bytes(Snapshot.encode(contents))
        #expect(JSONWriter.bytes(Snapshot.encode(try Snapshot.decode(bytes))) == bytes)
    }

    @Test func unknownFieldsAreIgnoredAndOptionalNullsMeanAbsent() throws {
        var document = try seedDocument()
        set(&document, "comment", "written by hand")
        set(&document, "clusters[0].nickname", "blue")
        set(&document, "clusters[0].transition", JSONValue.null)
        set(&document, "cmekKeys[1].lastRotatedAt", JSONValue.null)
        let contents = try Snapshot.decode(document)
        #expect(contents.state.clusters.values[0].transition == nil)
        #expect(Snapshot.encode(contents) == Snapshot.encode(try Snapshot.decode(try seedDocument())))
    }

    @Test func uppercaseUUIDsAreStoredLowercaseAndStillMatch() throws {
        var document = try seedDocument()
        set(&document, "clusters[0].projectId", .string(SeedIDs.project.uppercased()))
        set(&document, "clusters[0].cmekId", .string(SeedIDs.awsKey.uppercased()))
        let contents = try Snapshot.decode(document)
        #expect(contents.state.clusters.values[0].projectID == SeedIDs.project)
        #expect(contents.state.clusters.values[0].cmekID == SeedIDs.awsKey)
    }

    @Test func aDomainValidatorsMessageBecomesTheReason() throws {
        var document = try seedDocument()
        let arn = "arn:aws:kms:us-east-1:123456789012:alias/orders"
        set(&document, "cmekKeys[0].config", ["arn": .string(arn)])
        let expected = capellaError { _ = try KeyConfig.validated(arn: arn, resourceName: nil, keyLocation: nil, region: nil) }
        let error = try #require(decodeError(document))
        #expect(error.path == "cmekKeys[0].config")
        #expect(error.reason == expected?.message)
        #expect(error.description == "snapshot: cmekKeys[0].config: \(error.reason)")
    }

    @Test func syntaxErrorsAndTheVersionAreReportedForTheWholeDocument() throws {
        let syntax = try #require(decodeError(Array("{\"version\": 1,".utf8)))
        #expect(syntax.path == "")
        #expect(syntax.reason.contains("invalid JSON"))
        #expect(syntax.description.hasPrefix("snapshot: invalid JSON"))

        var document = try seedDocument()
        set(&document, "version", 2)
        let version = try #require(decodeError(document))
        #expect(version.path == "version")
        #expect(version.reason.contains("version 1"))
    }
}

@Suite struct SnapshotValidationTests {
    @Test func theSeedDocumentUsedBelowIsValid() throws {
        let contents = try Snapshot.decode(try seedDocument())
        #expect(contents.state.clusters.count == 2)
        #expect(contents.state.cmekKeys.count == 2)
        #expect(contents.state.clusters.values[1].transition?.cmekChange == .associate(keyID: SeedIDs.awsKey))
    }

    @Test(arguments: BrokenDocument.all)
    func aBrokenDocumentIsRefusedAtItsPath(_ broken: BrokenDocument) throws {
        var document = try seedDocument()
        broken.edit(&document)
        let error = try #require(decodeError(document), "\(broken.name) was accepted")
        #expect(error.path == broken.path, "\(error)")
        #expect(error.reason.contains(broken.reasonContains), "\(error)")
    }

    @Test func thereAreEnoughBrokenDocuments() {
        #expect(BrokenDocument.all.count >= 25)
        #expect(Set(BrokenDocument.all.map(\.name)).count == BrokenDocument.all.count)
    }
}

@Suite struct SnapshotRobustnessTests {
    /// A strict prefix of a compact object is never a complete JSON value.
    @Test func everyPrefixOfASnapshotIsRefusedAsJSON() throws {
        let bytes = JSONWriter.bytes(Snapshot.encode(try Snapshot.decode(Array(minimalSeed.utf8))))
        #expect(bytes.count > 500)
        for length in 0..<bytes.count {
            let error = decodeError(Array(bytes[..<length]))
            #expect(error?.path == "", "prefix of \(length) bytes: \(String(describing: error))")
        }
        #expect(decodeError(bytes) == nil)
    }

    /// Single-byte mutations either decode to something stable or are refused; none traps.
    @Test func randomByteMutationsNeverTrap() throws {
        let original = JSONWriter.bytes(try seedDocument())
        var random = SplitMix64(seed: 0x5EED_CA9E_11A5)
        var accepted = 0
        var refused = 0
        for _ in 0..<400 {
            var bytes = original
            let index = Int(random.next() % UInt64(bytes.count))
            bytes[index] = mutationAlphabet[Int(random.next() % UInt64(mutationAlphabet.count))]
            switch decodeResult(bytes) {
            case .success(let contents):
                accepted += 1
                let again = JSONWriter.bytes(Snapshot.encode(contents))
                #expect(decodeResult(again) == .success(contents))
            case .failure(let error):
                refused += 1
                #expect(error.description.hasPrefix("snapshot: "))
            }
        }
        #expect(accepted + refused == 400)
        #expect(refused > 0)
    }

    /// Mutations of values rather than bytes: every scalar replaced by values of other types.
    @Test func replacingAnyValueNeverTraps() throws {
        let document = try seedDocument()
        let replacements: [JSONValue] = [.null, true, 0, -1, 1.5, "", "x", [], [:]]
        var paths: [String] = []
        collectPaths(document, "", into: &paths)
        #expect(paths.count > 150)
        for path in paths {
            for replacement in replacements {
                var edited = document
                set(&edited, path, replacement)
                if let error = decodeError(edited) { #expect(!error.reason.isEmpty) }
            }
        }
    }
}

// MARK: - The rich state, built through the store

struct RichState {
    var contents: Snapshot.Contents
    var defaultCluster: String
    var gcpCluster: String
    var azureCluster: String
    var sandboxCluster: String
    var awsKey: String
    var gcpKey: String
    var azureKey: String

    static let durations: Durations = {
        var durations = Durations()
        durations.deploy = 600
        durations.cmekRedeploy = 420
        durations.destroy = 90.25
        return durations
    }()

    static func build() throws -> RichState {
        let clock = ManualClock()
        let identity = BuiltInSeed.Identity.generated()
        let org = identity.organizationID
        var seed = BuiltInSeed.state(identity: identity, at: clock.now())
        let owner = seed.apiKeys.values[0].id
        let defaultProject = seed.projects.values[0].id
        let defaultCluster = seed.clusters.values[0].id
        seed.transitionFaults = [
            TransitionFault(id: Identifier.newUUID(), clusterID: TransitionFault.anyCluster, outcome: .turningOffFailed),
            TransitionFault(id: Identifier.newUUID(), clusterID: defaultCluster, outcome: .rebalanceFailed),
        ]
        let store = Store(state: seed, clock: clock, durations: durations)
        try store.enableCMEKProvider(organizationID: org, provider: .azure)
        try store.enableCMEKProvider(organizationID: org, provider: .aws)
        let analytics = try store.createProject(organizationID: org, name: "Analytics", description: "Batch \"jobs\"\nand reports", by: owner)
        let edge = try store.createProject(organizationID: org, name: "Edge", description: "", by: owner)

        let awsKey = try store.createKey(organizationID: org, name: "orders", description: "AWS key",
                                         config: .aws(arn: awsARN(1)), by: owner).id
        let gcpKey = try store.createKey(organizationID: org, name: "analytics", description: "",
                                         config: .gcp(resourceName: gcpName), by: owner).id
        let azureKey = try store.createKey(organizationID: org, name: "reports", description: "Azure key",
                                           config: .azure(keyLocation: azureLocation(1), region: "eastus"), by: owner).id

        let gcpCluster = try store.createCluster(organizationID: org, projectID: analytics.id, spec: try spec {
            $0.name = "analytics-gcp"
            $0.cloudProvider = CloudProviderDraft(type: "gcp", region: "us-central1", cidr: "10.2.0.0/23")
            $0.serviceGroups = [group(DiskDraft(type: "pd-ssd", storage: 256, iops: nil, autoExpansion: nil), nodes: 3, ["data", "index"]),
                                group(DiskDraft(type: "pd-ssd", storage: 128, iops: nil, autoExpansion: nil), nodes: 2, ["query", "search"])]
            $0.support = SupportDraft(plan: "enterprise", timezone: "GMT")
            $0.zones = ["us-central1-a", "us-central1-b", "us-central1-c"]
            $0.enablePrivateDNSResolution = true
        }, cmekID: nil, by: owner).id
        let azureCluster = try store.createCluster(organizationID: org, projectID: analytics.id, spec: try spec {
            $0.name = "reports-azure"
            $0.description = "Ultra and premium disks"
            $0.cloudProvider = CloudProviderDraft(type: "azure", region: "eastus", cidr: nil)
            $0.serviceGroups = [group(DiskDraft(type: "Ultra", storage: 1024, iops: 5000, autoExpansion: true), nodes: 3, ["data"]),
                                group(DiskDraft(type: "P10", storage: nil, iops: nil, autoExpansion: nil), nodes: 2, ["analytics", "eventing"])]
            $0.availabilityType = "single"
            $0.support = SupportDraft(plan: "enterprise", timezone: "IST")
        }, cmekID: nil, by: owner).id
        let sandboxCluster = try store.createCluster(organizationID: org, projectID: edge.id, spec: try spec {
            $0.name = "sandbox"
            $0.configurationType = "singleNode"
            $0.cloudProvider = CloudProviderDraft(type: "aws", region: "us-west-2", cidr: "10.6.0.0/24")
            $0.serviceGroups = [group(DiskDraft(type: "io2", storage: 100, iops: 2000, autoExpansion: nil), nodes: 3, ["data", "query"])]
            $0.support = SupportDraft(plan: "basic", timezone: nil)
        }, cmekID: nil, by: owner).id
        _ = try store.createCluster(organizationID: org, projectID: edge.id, spec: try spec {
            $0.name = "orders-aws"
            $0.cloudProvider = CloudProviderDraft(type: "aws", region: "us-east-1", cidr: "10.4.0.0/23")
            $0.serviceGroups = [group(DiskDraft(type: "gp3", storage: 100, iops: 4000, autoExpansion: nil), nodes: 5, ["data", "index", "query"])]
            $0.support = SupportDraft(plan: "enterprise", timezone: "ET")
        }, cmekID: awsKey, by: owner)
        store.advanceClock(by: 600)

        try store.rotateKey(organizationID: org, keyID: awsKey, config: .aws(arn: awsARN(2)), by: owner)
        try store.rotateKey(organizationID: org, keyID: gcpKey, config: .gcp(resourceName: gcpName + "/cryptoKeyVersions/2"), by: owner)
        try store.rotateKey(organizationID: org, keyID: azureKey, config: .azure(keyLocation: azureLocation(2), region: "eastus"), by: owner)
        store.advanceClock(by: CMEKRules.rotationInterval)
        try store.rotateKey(organizationID: org, keyID: azureKey, config: .azure(keyLocation: azureLocation(3), region: "eastus"), by: owner)
        try store.associate(organizationID: org, projectID: analytics.id, clusterID: gcpCluster, keyID: gcpKey)

        // The GCP key becomes unusable during the redeploy, so the cluster comes out degraded.
        var middle = store.snapshot()
        let gcpResource = try #require(middle.cmekKeys[gcpKey]).config.resource
        middle.inaccessibleKeyResources = [gcpResource, "arn:aws:kms:eu-west-1:210987654321:key/mrk-00112233445566778899aabbccddeeff"]
        let resumed = Store(state: middle, clock: clock, durations: durations)
        resumed.advanceClock(by: 420)
        // Consumes the planted rebalanceFailed: the transition carries both a key change and an outcome.
        try resumed.associate(organizationID: org, projectID: defaultProject, clusterID: defaultCluster, keyID: awsKey)
        try resumed.deleteCluster(organizationID: org, projectID: edge.id, clusterID: sandboxCluster)

        var reader = APIKeyDraft()
        reader.name = "CI reader"
        reader.description = "Reads analytics, deploys to edge"
        reader.expiry = 30
        reader.allowedCIDRs = ["203.0.113.0/24", "10.0.0.0/8"]
        reader.organizationRoles = ["projectCreator"]
        reader.resources = [.init(type: "project", id: analytics.id.uppercased(), roles: ["projectViewer", "projectDataReader"]),
                            .init(type: nil, id: edge.id, roles: ["projectOwner"])]
        _ = try resumed.createAPIKey(organizationID: org, request: try APIKeyRules.validate(reader), by: owner)
        var shortLived = APIKeyDraft()
        shortLived.name = "half a day"
        shortLived.expiry = 0.5
        shortLived.organizationRoles = ["organizationMember"]
        _ = try resumed.createAPIKey(organizationID: org, request: try APIKeyRules.validate(shortLived), by: owner)

        var state = resumed.snapshot()
        state.transitionFaults.append(TransitionFault(id: Identifier.newUUID(), clusterID: azureCluster, outcome: .scaleFailed))
        var protected = try #require(state.clusters[azureCluster])
        protected.deletionProtection = true
        state.clusters[azureCluster] = protected
        return RichState(contents: Snapshot.Contents(state: state, now: clock.now(), durations: durations),
                         defaultCluster: defaultCluster, gcpCluster: gcpCluster, azureCluster: azureCluster,
                         sandboxCluster: sandboxCluster, awsKey: awsKey, gcpKey: gcpKey, azureKey: azureKey)
    }

    static func awsARN(_ n: Int) -> String { "arn:aws:kms:us-east-1:123456789012:key/0000000\(n)-1111-2222-3333-444444444444" }
    static let gcpName = "projects/acme-kms-prod/locations/global/keyRings/capella/cryptoKeys/analytics"
    static func azureLocation(_ n: Int) -> String { "https://acme-vault.vault.azure.net/keys/reports/\(n)0000000000000000000000000000000" }

    static func spec(_ build: (inout ClusterDraft) -> Void) throws -> ClusterSpec {
        var draft = ClusterDraft()
        draft.description = ""
        draft.serverVersion = "7.6"
        draft.availabilityGiven = true
        draft.availabilityType = "multi"
        build(&draft)
        return try ClusterRules.validateCreate(draft)
    }

    static func group(_ disk: DiskDraft, nodes: Int, _ services: [String]) -> ServiceGroupDraft {
        ServiceGroupDraft(nodeGiven: true, cpu: 4, ram: 16, disk: disk, numOfNodes: nodes, services: services)
    }
}

// MARK: - Hand-written documents

let minimalSeed = """
{
  "version": 1,
  "clock": {"now": "2026-01-01T00:00:00Z"},
  "durations": {"deploy": 600, "cmekRedeploy": 420, "scale": 300, "destroy": 120, "turnOff": 180, "turnOn": 180},
  "organizations": [{
    "id": "0F5C8A52-3E9B-4D7A-9A64-6C1D2B7E8F90", "name": "Acme", "description": "",
    "preferences": {"sessionDuration": 7200},
    "audit": {"createdBy": "seed", "createdAt": "2026-01-01T00:00:00Z", "modifiedBy": "seed", "modifiedAt": "2026-01-01T00:00:00Z", "version": 1},
    "cloudAccounts": {"aws": "123456789012", "gcp": "capella-prod-abcd1234", "azure": "4b9d1c3e-2a7f-4e5d-8c6b-1a2b3c4d5e6f"},
    "cmekProviders": []
  }],
  "apiKeys": [{
    "id": "SeedOwner0000000000000000000001", "organizationId": "0f5c8a52-3e9b-4d7a-9a64-6c1d2b7e8f90",
    "name": "Owner", "description": "", "token": "seed-owner-token", "expiry": -1,
    "allowedCIDRs": ["0.0.0.0/0"], "organizationRoles": ["organizationOwner"], "resources": [],
    "audit": {"createdBy": "seed", "createdAt": "2026-01-01T00:00:00Z", "modifiedBy": "seed", "modifiedAt": "2026-01-01T00:00:00Z", "version": 1}
  }],
  "projects": [{
    "id": "9a0e7d1c-5b2f-4c3e-8d4a-0b1c2d3e4f50", "organizationId": "0F5C8A52-3E9B-4D7A-9A64-6C1D2B7E8F90",
    "name": "Default Project", "description": "",
    "audit": {"createdBy": "seed", "createdAt": "2026-01-01T00:00:00Z", "modifiedBy": "seed", "modifiedAt": "2026-01-01T00:00:00Z", "version": 1}
  }],
  "clusters": [],
  "cmekKeys": [],
  "kms": {"inaccessible": []},
  "transitionFaults": []
}
"""

enum SeedIDs {
    static let org = "6a1f0c2e-8b3d-4f5a-9c7e-0d1b2a3c4e5f"
    static let project = "7b2e1d3f-9c4e-4a6b-8d8f-1e2c3b4d5f60"
    static let orders = "8c3f2e4a-0d5f-4b7c-9e9a-2f3d4c5e6a71"
    static let checkout = "9d4a3f5b-1e6a-4c8d-8fab-3a4e5d6f7b82"
    static let awsKey = "ae5b4a6c-2f7b-4d9e-9abc-4b5f6e7a8c93"
    static let azureKey = "bf6c5b7d-3a8c-4eaf-8bcd-5c6a7f8b9da4"
    static let fault = "c07d6c8e-4b9d-4fb0-9cde-6d7b8a9caeb5"
    static let anyFault = "d18e7d9f-5cae-4ac1-8def-7e8c9badbfc6"
}

let seedText = """
{
  "version": 1,
  "clock": {"now": "2026-03-01T12:00:00.5Z"},
  "durations": {"deploy": 600, "cmekRedeploy": 420, "scale": 300, "destroy": 120.5, "turnOff": 180, "turnOn": 180},
  "organizations": [{
    "id": "\(SeedIDs.org)", "name": "Acme", "description": "Test tenant", "subdomain": "acme",
    "preferences": {"sessionDuration": 3600},
    "audit": \(audit),
    "cloudAccounts": {"aws": "123456789012", "gcp": "capella-prod-abcd1234", "azure": "4b9d1c3e-2a7f-4e5d-8c6b-1a2b3c4d5e6f"},
    "cmekProviders": ["aws", "azure"],
    "azureApplicationId": "e29f8eaf-6dbf-4bd2-9ef0-8f9dacbecfd7"
  }],
  "apiKeys": [
    {"id": "OwnerKey0000000000000000000000001", "organizationId": "\(SeedIDs.org)", "name": "Owner", "description": "",
     "token": "owner-token", "expiry": -1, "allowedCIDRs": ["0.0.0.0/0"], "organizationRoles": ["organizationOwner"],
     "resources": [], "audit": \(audit)},
    {"id": "ReaderKey", "organizationId": "\(SeedIDs.org)", "name": "Reader", "description": "read only",
     "token": "reader-token", "expiry": 30, "expiresAt": "2026-03-31T12:00:00Z", "allowedCIDRs": ["10.0.0.0/8"],
     "organizationRoles": ["organizationMember"],
     "resources": [{"type": "project", "id": "\(SeedIDs.project)", "roles": ["projectViewer"]}], "audit": \(audit)}
  ],
  "projects": [{"id": "\(SeedIDs.project)", "organizationId": "\(SeedIDs.org)", "name": "Shop", "description": "", "audit": \(audit)}],
  "clusters": [
    {"id": "\(SeedIDs.orders)", "organizationId": "\(SeedIDs.org)", "projectId": "\(SeedIDs.project)",
     "name": "orders", "description": "", "configurationType": "multiNode",
     "cloudProvider": {"type": "aws", "region": "us-east-1", "cidr": "10.0.0.0/23"},
     "couchbaseServer": {"version": "7.6"},
     "serviceGroups": [{"node": {"compute": {"cpu": 4, "ram": 16}, "disk": {"type": "gp3", "storage": 50, "iops": 3000}},
                        "numOfNodes": 3, "services": ["data", "index", "query"]}],
     "availability": {"type": "multi"}, "support": {"plan": "enterprise", "timezone": "PT"},
     "enablePrivateDNSResolution": false, "connectionString": "couchbases://cb.orders.cloud.couchbase.com",
     "deletionProtection": true, "state": "healthy", "cmekId": "\(SeedIDs.awsKey)", "audit": \(audit)},
    {"id": "\(SeedIDs.checkout)", "organizationId": "\(SeedIDs.org)", "projectId": "\(SeedIDs.project)",
     "name": "checkout", "description": "being encrypted", "configurationType": "multiNode",
     "cloudProvider": {"type": "aws", "region": "us-east-1", "cidr": "10.0.2.0/23"},
     "couchbaseServer": {"version": "7.6.2"},
     "serviceGroups": [{"node": {"compute": {"cpu": 8, "ram": 32}, "disk": {"type": "io2", "storage": 100, "iops": 5000}},
                        "numOfNodes": 3, "services": ["data"]}],
     "availability": {"type": "single"}, "support": {"plan": "enterprise", "timezone": "GMT"},
     "zones": ["use1-az1", "use1-az2"], "enablePrivateDNSResolution": true,
     "connectionString": "couchbases://cb.checkout.cloud.couchbase.com", "deletionProtection": false, "state": "healthy",
     "transition": {"kind": "cmekRedeploy", "startedAt": "2026-03-01T11:58:00Z", "deadline": "2026-03-01T12:05:00Z",
                    "cmekChange": {"associate": "\(SeedIDs.awsKey)"}, "outcome": "rebalanceFailed"},
     "audit": \(audit)}
  ],
  "cmekKeys": [
    {"id": "\(SeedIDs.awsKey)", "organizationId": "\(SeedIDs.org)", "name": "orders key", "description": "",
     "config": {"arn": "\(seedARN2)"},
     "history": [{"config": {"arn": "\(seedARN1)"}, "associatedAt": "2026-01-01T00:00:00Z", "associatedBy": "OwnerKey0000000000000000000000001"},
                 {"config": {"arn": "\(seedARN2)"}, "associatedAt": "2026-02-01T00:00:00Z", "associatedBy": "OwnerKey0000000000000000000000001"}],
     "lastRotatedAt": "2026-02-01T00:00:00Z", "audit": \(audit)},
    {"id": "\(SeedIDs.azureKey)", "organizationId": "\(SeedIDs.org)", "name": "spare", "description": "",
     "config": {"keyLocation": "\(seedAzure)", "region": "eastus"},
     "history": [{"config": {"keyLocation": "\(seedAzure)", "region": "eastus"}, "associatedAt": "2026-01-01T00:00:00Z", "associatedBy": "OwnerKey0000000000000000000000001"}],
     "audit": \(audit)}
  ],
  "kms": {"inaccessible": ["\(seedARN1)"]},
  "transitionFaults": [
    {"id": "\(SeedIDs.fault)", "clusterId": "\(SeedIDs.orders)", "outcome": "scaleFailed"},
    {"id": "\(SeedIDs.anyFault)", "clusterId": "*", "outcome": "deploymentFailed"}
  ]
}
"""

let audit = """
{"createdBy": "OwnerKey0000000000000000000000001", "createdAt": "2026-01-01T00:00:00Z", "modifiedBy": "OwnerKey0000000000000000000000001", "modifiedAt": "2026-02-01T00:00:00.25Z", "version": 2}
"""
let seedARN1 = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"
let seedARN2 = "arn:aws:kms:us-east-1:123456789012:key/mrk-0123456789abcdef0123456789abcdef"
let seedAzure = "https://acme-vault.vault.azure.net/keys/spare/0123456789abcdef0123456789abcdef"

func seedDocument() throws -> JSONValue {
    try JSONParser.parse(seedText)
}

// MARK: - Broken documents: one rule each

struct BrokenDocument: Sendable, CustomTestStringConvertible {
    var name: String
    var edit: @Sendable (inout JSONValue) -> Void
    var path: String
    var reasonContains: String

    var testDescription: String { name }

    init(_ name: String, at path: String, _ reasonContains: String, _ edit: @escaping @Sendable (inout JSONValue) -> Void) {
        self.name = name
        self.edit = edit
        self.path = path
        self.reasonContains = reasonContains
    }

    /// Sets `value` at `path` and expects the error there.
    static func field(_ name: String, _ path: String, _ value: JSONValue?, _ reasonContains: String) -> BrokenDocument {
        BrokenDocument(name, at: path, reasonContains) { set(&$0, path, value) }
    }

    static let unknownID = "f0000000-0000-4000-8000-000000000000"

    static let all: [BrokenDocument] = [
        // Document frame
        BrokenDocument("top level is not an object", at: "", "expected an object") { $0 = [] },
        field("unsupported version", "version", 2, "version 1"),
        field("version as a string", "version", "1", "expected an integer"),
        field("version as a fractional literal", "version", 1.0, "expected an integer"),
        field("clock without now", "clock.now", nil, "missing"),
        field("unparseable time", "clock.now", "yesterday", "RFC 3339"),
        field("negative duration", "durations.deploy", -1, "between 0"),
        field("duration as a string", "durations.scale", "300", "expected a number"),
        field("kms missing", "kms", nil, "missing"),
        field("inaccessible resource not a string", "kms.inaccessible[0]", 3, "expected a string"),
        // Organizations
        field("organization id not a UUID", "organizations[0].id", "acme", "not a UUID"),
        field("session duration not an integer", "organizations[0].preferences.sessionDuration", 3600.5, "expected an integer"),
        field("unknown CMEK provider", "organizations[0].cmekProviders[1]", "oracle", "not a cloud provider"),
        field("AWS account id malformed", "organizations[0].cloudAccounts.aws", "12345", "12 digits"),
        field("Azure enabled without its application", "organizations[0].azureApplicationId", nil, "required when azure"),
        BrokenDocument("duplicate organization id", at: "organizations[1].id", "duplicate organization id") { document in
            let first = value(document, "organizations[0]")
            set(&document, "organizations[1]", first)
        },
        // API keys
        field("API key id with punctuation", "apiKeys[0].id", "owner-key!", "letters and digits"),
        field("API key id too long", "apiKeys[1].id", .string(String(repeating: "k", count: 65)), "1 to 64"),
        field("duplicate API key token", "apiKeys[1].token", "owner-token", "duplicate API key token"),
        field("empty API key token", "apiKeys[0].token", "", "must not be empty"),
        field("API key name required", "apiKeys[0].name", nil, "missing"),
        field("API key organizationRoles required", "apiKeys[0].organizationRoles", nil, "missing"),
        field("API key allowedCIDRs required", "apiKeys[0].allowedCIDRs", nil, "missing"),
        field("API key resources required", "apiKeys[0].resources", nil, "missing"),
        field("API key expiry required", "apiKeys[1].expiry", nil, "missing"),
        BrokenDocument("unknown organization role", at: "apiKeys[0]", "not an organization role") {
            set(&$0, "apiKeys[0].organizationRoles", ["superuser"])
        },
        BrokenDocument("invalid allowed CIDR", at: "apiKeys[1]", "invalid CIDR block") { set(&$0, "apiKeys[1].allowedCIDRs[0]", "10.0.0.0/33") },
        BrokenDocument("expiry of zero days", at: "apiKeys[1]", "0 is not allowed") { set(&$0, "apiKeys[1].expiry", 0) },
        BrokenDocument("grant with an unknown project role", at: "apiKeys[1]", "not a project role") {
            set(&$0, "apiKeys[1].resources[0].roles", ["projectAdmin"])
        },
        field("expiresAt on a key that never expires", "apiKeys[0].expiresAt", "2027-01-01T00:00:00Z", "never expires"),
        field("expiring key without expiresAt", "apiKeys[1].expiresAt", nil, "required when expiry"),
        field("API key in an unknown organization", "apiKeys[0].organizationId", .string(unknownID), "no organization"),
        field("API key grant on an unknown project", "apiKeys[1].resources[0].id", .string(unknownID), "no project"),
        BrokenDocument("API key grant on another organization's project", at: "apiKeys[2].resources[0].id", "no project") { document in
            var other = value(document, "organizations[0]")!
            set(&other, "id", "a0000000-0000-4000-8000-00000000000a")
            set(&document, "organizations[1]", other)
            var key = value(document, "apiKeys[1]")!
            set(&key, "id", "OtherOrgKey")
            set(&key, "token", "other-token")
            set(&key, "organizationId", "a0000000-0000-4000-8000-00000000000a")
            set(&document, "apiKeys[2]", key)
        },
        // Projects
        BrokenDocument("empty project name", at: "projects[0]", "project name is required") { set(&$0, "projects[0].name", "  ") },
        field("project in an unknown organization", "projects[0].organizationId", .string(unknownID), "no organization"),
        field("audit version zero", "projects[0].audit.version", 0, "between 1"),
        field("audit time that does not exist", "projects[0].audit.createdAt", "2026-02-30T00:00:00Z", "RFC 3339"),
        BrokenDocument("duplicate project id", at: "projects[1].id", "duplicate project id") { document in
            let first = value(document, "projects[0]")
            set(&document, "projects[1]", first)
        },
        // Clusters
        field("cluster in an unknown project", "clusters[0].projectId", .string(unknownID), "no project \(unknownID) in organization \(SeedIDs.org)"),
        BrokenDocument("unsupported region", at: "clusters[0]", "not a supported AWS region") {
            set(&$0, "clusters[0].cloudProvider.region", "mars-north-1")
        },
        field("cidr required", "clusters[0].cloudProvider.cidr", nil, "missing"),
        BrokenDocument("invalid cidr", at: "clusters[0]", "not a valid IPv4 CIDR") { set(&$0, "clusters[0].cloudProvider.cidr", "10.0.0.0") },
        BrokenDocument("too few data nodes", at: "clusters[0]", "needs 3 to 27 nodes") {
            set(&$0, "clusters[0].serviceGroups[0].numOfNodes", 2)
        },
        field("fractional cpu", "clusters[0].serviceGroups[0].node.compute.cpu", 4.5, "expected an integer"),
        BrokenDocument("GCP disk on AWS", at: "clusters[0]", "not an AWS disk type") {
            set(&$0, "clusters[0].serviceGroups[0].node.disk.type", "pd-ssd")
        },
        field("transitional resting state", "clusters[0].state", "deploying", "running operation"),
        field("unknown state", "clusters[0].state", "melting", "not a cluster state"),
        field("unknown transition kind", "clusters[1].transition.kind", "upgrade", "not a transition kind"),
        field("deadline before start", "clusters[1].transition.deadline", "2026-03-01T11:00:00Z", "before startedAt"),
        field("outcome that is not a failure", "clusters[1].transition.outcome", "healthy", "not a transition failure"),
        field("outcome of another kind", "clusters[1].transition.outcome", "scaleFailed", "not a cmekRedeploy"),
        field("malformed cmekChange", "clusters[1].transition.cmekChange", "swap", "unassociate"),
        BrokenDocument("key change on a scale", at: "clusters[1].transition.cmekChange", "only a cmekRedeploy") {
            set(&$0, "clusters[1].transition.kind", "scale")
        },
        field("associate of an unknown key", "clusters[1].transition.cmekChange.associate", .string(unknownID), "no CMEK key"),
        BrokenDocument("associate while a key is set", at: "clusters[1].transition.cmekChange", "cannot be waiting") {
            set(&$0, "clusters[1].cmekId", .string(SeedIDs.awsKey))
        },
        BrokenDocument("unassociate without a key", at: "clusters[1].transition.cmekChange", "needs the cluster's current cmekId") {
            set(&$0, "clusters[1].transition.cmekChange", "unassociate")
        },
        field("cmekId of an unknown key", "clusters[0].cmekId", .string(unknownID), "no CMEK key \(unknownID)"),
        BrokenDocument("key that cannot encrypt the cluster", at: "clusters[0].cmekId", "Enterprise") {
            set(&$0, "clusters[0].support.plan", "developer pro")
        },
        field("overlapping CIDR", "clusters[1].cloudProvider.cidr", "10.0.1.0/24", "overlaps"),
        field("duplicate cluster id in another case", "clusters[1].id", .string(SeedIDs.orders.uppercased()), "duplicate cluster id"),
        // CMEK keys
        field("invalid key ARN", "cmekKeys[0].config", ["arn": "arn:aws:kms:us-east-1:123:key/x"], "12-digit"),
        BrokenDocument("two kinds of key", at: "cmekKeys[0].config", "more than one kind") {
            set(&$0, "cmekKeys[0].config.resourceName", "projects/acme-kms/locations/global/keyRings/r/cryptoKeys/k")
        },
        field("invalid history entry", "cmekKeys[0].history[0].config", ["arn": "arn:aws:kms:us-east-1:123456789012:alias/a"], "must name a key"),
        field("history of another provider", "cmekKeys[0].history[0].config",
              ["resourceName": "projects/acme-kms/locations/global/keyRings/r/cryptoKeys/k"], "can only hold AWS keys"),
        field("empty history", "cmekKeys[0].history", [], "at least"),
        BrokenDocument("last history entry is not the config", at: "cmekKeys[0].history[0].config", "must equal the key's config") { document in
            set(&document, "cmekKeys[0].history[1]", nil)
        },
        BrokenDocument("empty key name", at: "cmekKeys[1]", "key name must not be empty") { set(&$0, "cmekKeys[1].name", "") },
        field("key in an unknown organization", "cmekKeys[1].organizationId", .string(unknownID), "no organization"),
        BrokenDocument("Azure key without Azure enabled", at: "cmekKeys[1].config", "Azure CMEK is not enabled") {
            set(&$0, "organizations[0].cmekProviders", ["aws"])
        },
        // Transition faults
        field("fault on an unknown cluster", "transitionFaults[0].clusterId", .string(unknownID), "no cluster"),
        field("fault target neither id nor *", "transitionFaults[1].clusterId", "all", "nor \"*\""),
        field("fault outcome that is not a failure", "transitionFaults[1].outcome", "healthy", "not a transition failure"),
        field("duplicate fault id", "transitionFaults[1].id", .string(SeedIDs.fault), "duplicate transition fault id"),
    ]
}

// MARK: - Helpers

func decodeError(_ document: JSONValue) -> SnapshotError? {
    do {
        _ = try Snapshot.decode(document)
        return nil
    } catch {
        return error
    }
}

func decodeError(_ bytes: [UInt8]) -> SnapshotError? {
    if case .failure(let error) = decodeResult(bytes) { return error }
    return nil
}

func decodeResult(_ bytes: [UInt8]) -> Result<Snapshot.Contents, SnapshotError> {
    do {
        return .success(try Snapshot.decode(bytes))
    } catch {
        return .failure(error)
    }
}

enum PathStep {
    case key(String)
    case index(Int)
}

/// "clusters[1].transition.kind" → [.key("clusters"), .index(1), .key("transition"), .key("kind")]
func steps(_ path: String) -> [PathStep] {
    var steps: [PathStep] = []
    for part in path.split(separator: ".") {
        var rest = Substring(part)
        if let bracket = rest.firstIndex(of: "[") {
            if bracket > rest.startIndex { steps.append(.key(String(rest[..<bracket]))) }
            rest = rest[bracket...]
            while rest.first == "[", let close = rest.firstIndex(of: "]") {
                steps.append(.index(Int(rest[rest.index(after: rest.startIndex)..<close])!))
                rest = rest[rest.index(after: close)...]
            }
        } else {
            steps.append(.key(String(rest)))
        }
    }
    return steps
}

func value(_ document: JSONValue, _ path: String) -> JSONValue? {
    var current: JSONValue? = document
    for step in steps(path) {
        switch step {
        case .key(let key): current = current?[key]
        case .index(let index):
            guard let elements = current?.arrayValue, elements.indices.contains(index) else { return nil }
            current = elements[index]
        }
    }
    return current
}

/// Replaces the value at `path` (nil removes it); an index one past the end appends.
func set(_ document: inout JSONValue, _ path: String, _ newValue: JSONValue?) {
    document = replacing(document, steps(path)[...], with: newValue)
}

private func replacing(_ value: JSONValue, _ steps: ArraySlice<PathStep>, with newValue: JSONValue?) -> JSONValue {
    guard let step = steps.first else { return newValue ?? .null }
    switch (step, value) {
    case (.key(let key), .object(var object)):
        if steps.count == 1 {
            object[key] = newValue
        } else if let child = object[key] {
            object[key] = replacing(child, steps.dropFirst(), with: newValue)
        }
        return .object(object)
    case (.index(let index), .array(var elements)):
        if steps.count == 1 {
            if index == elements.count, let newValue {
                elements.append(newValue)
            } else if elements.indices.contains(index) {
                if let newValue { elements[index] = newValue } else { elements.remove(at: index) }
            }
        } else if elements.indices.contains(index) {
            elements[index] = replacing(elements[index], steps.dropFirst(), with: newValue)
        }
        return .array(elements)
    default:
        return value
    }
}

/// Every path in the document, containers and scalars alike.
func collectPaths(_ value: JSONValue, _ path: String, into paths: inout [String]) {
    switch value {
    case .object(let object):
        for member in object.members {
            let child = path.isEmpty ? member.key : "\(path).\(member.key)"
            paths.append(child)
            collectPaths(member.value, child, into: &paths)
        }
    case .array(let elements):
        for (index, element) in elements.enumerated() {
            let child = "\(path)[\(index)]"
            paths.append(child)
            collectPaths(element, child, into: &paths)
        }
    default:
        break
    }
}

func containsNull(_ value: JSONValue) -> Bool {
    switch value {
    case .null: return true
    case .array(let elements): return elements.contains(where: containsNull)
    case .object(let object): return object.members.contains { containsNull($0.value) }
    default: return false
    }
}

/// Bytes a corrupted file plausibly holds: JSON punctuation, digits, letters, controls, non-ASCII.
let mutationAlphabet: [UInt8] = Array("{}[]\":,.-+eE0159 tfnaz\\/".utf8) + [0x00, 0x0A, 0x7F, 0xC3, 0xFF]

/// A small fixed-seed generator (SplitMix64) so the mutations are the same on every run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
