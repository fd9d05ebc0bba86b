import Testing
@testable import CapellaDomain

@Suite struct KeyConfigTests {
    @Test(arguments: [
        "arn:aws:kms:us-east-1:123456789012:key/12345678-1234-1234-1234-123456789012",
        "arn:aws:kms:eu-west-1:000000000000:key/mrk-1234abcd12ab34cd56ef1234567890ab",
    ])
    func acceptsAWSKeyARNs(arn: String) throws {
        #expect(try KeyConfig.validated(arn: arn, resourceName: nil, keyLocation: nil, region: nil) == .aws(arn: arn))
    }

    @Test(arguments: [
        "", "arn:aws:kms:us-east-1:123456789012:alias/my-key", "arn:aws:kms:us-east-1:12345:key/12345678-1234-1234-1234-123456789012",
        "arn:aws:s3:us-east-1:123456789012:key/12345678-1234-1234-1234-123456789012",
        "arn:aws:kms:mars-east-1:123456789012:key/12345678-1234-1234-1234-123456789012",
        "arn:aws:kms:us-east-1:123456789012:key/not-a-uuid", "arn:aws:kms:us-east-1:123456789012:key/mrk-xyz",
        // Fullwidth digits pass Character.isHexDigit and isUUID-by-Character checks; AWS takes ASCII only.
        "arn:aws:kms:us-east-1:123456789012:key/mrk-\u{FF11}234abcd12ab34cd56ef1234567890ab",
        "arn:aws:kms:us-east-1:12345678901\u{FF12}:key/12345678-1234-1234-1234-123456789012",
        "arn:aws:kms:us-east-1:123456789012:key/12345678-1234-1234-1234-123456789012:extra",
        "arn:aws:kms:us-east-1:123456789012:key/12345678-1234-1234-1234-123456789012:",
        "arn:aws:kms:us-east-1:123456789012", "arn:aws:kms:us-east-1:123456789012:key/", "arn:aws:kms:us-east-1:123456789012:key",
        "arn:aws:kms:us-east-1:123456789012:KEY/12345678-1234-1234-1234-123456789012",
        "arn:aws:kms:us-east-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890a",
        "arn:aws:kms:us-east-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890abc",
        "ARN:aws:kms:us-east-1:123456789012:key/12345678-1234-1234-1234-123456789012",
        "arn:aws:kms:us-east-1:123456789012:key/12345678-1234-1234-1234-12345678901g",
    ])
    func rejectsMalformedARNs(arn: String) {
        let error = capellaError { _ = try KeyConfig.validated(arn: arn, resourceName: nil, keyLocation: nil, region: nil) }
        #expect(error?.httpStatusCode == 422)
        #expect(error?.code == 12003)
    }

    @Test func awsUppercaseHexIsTakenAsBefore() throws {
        for arn in ["arn:aws:kms:us-east-1:123456789012:key/12345678-ABCD-1234-1234-123456789012",
                    "arn:aws:kms:us-east-1:123456789012:key/mrk-1234ABCD12ab34cd56ef1234567890AB"] {
            #expect(try KeyConfig.validated(arn: arn, resourceName: nil, keyLocation: nil, region: nil) == .aws(arn: arn))
        }
    }

    @Test func awsMessagesNameThePartThatIsWrong() {
        func message(_ arn: String) -> String? {
            capellaError { _ = try KeyConfig.validated(arn: arn, resourceName: nil, keyLocation: nil, region: nil) }?.message
        }
        let id = "12345678-1234-1234-1234-123456789012"
        #expect(message("arn:aws:kms:mars-1:123456789012:key/\(id)")?.contains("unknown AWS region \"mars-1\"") == true)
        #expect(message("arn:aws:kms:us-east-1:1234:key/\(id)")?.contains("12-digit AWS account id") == true)
        #expect(message("arn:aws:kms:us-east-1:123456789012:alias/x")?.contains("must name a key") == true)
        #expect(message("arn:aws:kms:us-east-1:123456789012:key/nope")?.contains("invalid key id \"nope\"") == true)
        #expect(message("arn:aws:kms:us-east-1")?.contains("is not an AWS KMS key ARN") == true)
    }

    @Test func gcpNamesWithAndWithoutVersions() throws {
        let base = "projects/my-project/locations/nam3/keyRings/ring_1/cryptoKeys/key-1"
        _ = try KeyConfig.validated(arn: nil, resourceName: base, keyLocation: nil, region: nil)
        _ = try KeyConfig.validated(arn: nil, resourceName: base + "/cryptoKeyVersions/3", keyLocation: nil, region: nil)
        for bad in [base + "/cryptoKeyVersions/x", "projects/my-project/locations/moon/keyRings/r/cryptoKeys/k",
                    "projects/X/locations/global/keyRings/r/cryptoKeys/k", "projects/my-project/keyRings/r/cryptoKeys/k"] {
            #expect(capellaError { _ = try KeyConfig.validated(arn: nil, resourceName: bad, keyLocation: nil, region: nil) }?.code == 12003)
        }
    }

    @Test func azureNeedsKeyLocationWithVersionAndARegion() throws {
        let url = "https://my-vault.vault.azure.net/keys/my-key/846dec161545466586fd1f19849dd1ef"
        _ = try KeyConfig.validated(arn: nil, resourceName: nil, keyLocation: url, region: "eastus")
        #expect(capellaError { _ = try KeyConfig.validated(arn: nil, resourceName: nil, keyLocation: url, region: nil) }?.code == 12003)
        #expect(capellaError { _ = try KeyConfig.validated(arn: nil, resourceName: nil, keyLocation: "https://my-vault.vault.azure.net/keys/my-key", region: "eastus") }?.code == 12003)
        #expect(capellaError { _ = try KeyConfig.validated(arn: nil, resourceName: nil, keyLocation: url, region: "atlantis") }?.code == 12003)
        let fullwidthVersion = "https://my-vault.vault.azure.net/keys/my-key/\u{FF18}46dec161545466586fd1f19849dd1ef"
        #expect(capellaError { _ = try KeyConfig.validated(arn: nil, resourceName: nil, keyLocation: fullwidthVersion, region: "eastus") }?.code == 12003)
    }

    @Test func exactlyOneKindOfKey() {
        #expect(capellaError { _ = try KeyConfig.validated(arn: nil, resourceName: nil, keyLocation: nil, region: nil) }?.code == 12003)
        let both = capellaError {
            _ = try KeyConfig.validated(arn: "arn:aws:kms:us-east-1:123456789012:key/12345678-1234-1234-1234-123456789012",
                                        resourceName: "projects/my-project/locations/global/keyRings/r/cryptoKeys/k", keyLocation: nil, region: nil)
        }
        #expect(both?.code == 12003)
    }
}

@Suite struct RegionMatchingTests {
    @Test(arguments: [
        ("global", "asia-south1", true), ("us-east1", "us-east1", true), ("us-east1", "us-east4", false),
        ("us", "us-west1", true), ("us", "europe-west1", false), ("eu", "europe-west1", true), ("europe", "europe-west2", false),
        ("asia", "asia-southeast1", true), ("nam3", "us-east4", true), ("nam3", "us-central1", false),
        ("eur4", "europe-north1", true), ("eur4", "europe-west1", false),
    ])
    func gcpLocations(location: String, region: String, fits: Bool) {
        #expect(Regions.gcpKeyLocation(location, serves: region) == fits)
    }

    @Test func awsAndAzureNeedTheExactRegion() {
        #expect(World.awsConfig(region: "us-east-1").serves(provider: .aws, region: "us-east-1"))
        #expect(!World.awsConfig(region: "us-east-1").serves(provider: .aws, region: "us-east-2"))
        #expect(!World.awsConfig(region: "us-east-1").serves(provider: .gcp, region: "us-east-1"))
        let azure = KeyConfig.azure(keyLocation: "https://v12.vault.azure.net/keys/k/0123456789abcdef0123456789abcdef", region: "eastus")
        #expect(azure.serves(provider: .azure, region: "eastus"))
        #expect(!azure.serves(provider: .azure, region: "eastus2"))
    }
}

@Suite struct SmallRulesTests {
    @Test func cidrOverlap() throws {
        let a = try #require(IPv4CIDR("10.0.0.0/23"))
        #expect(a.overlaps(try #require(IPv4CIDR("10.0.1.128/25"))))
        #expect(!a.overlaps(try #require(IPv4CIDR("10.0.2.0/23"))))
        #expect(IPv4CIDR("10.0.0.256/23") == nil)
        #expect(IPv4CIDR("10.0.0/23") == nil)
        #expect(IPv4CIDR("10.0.0.0/33") == nil)
    }

    @Test func ifMatchAcceptsBothForms() throws {
        try Precondition.check(ifMatch: nil, version: 3)
        try Precondition.check(ifMatch: "Version: 3", version: 3)
        try Precondition.check(ifMatch: "3", version: 3)
        try Precondition.check(ifMatch: "\"3\"", version: 3)
        #expect(capellaError { try Precondition.check(ifMatch: "Version: 2", version: 3) }?.code == 1012)
        #expect(capellaError { try Precondition.check(ifMatch: "garbage", version: 3) }?.code == 1012)
    }

    @Test func rfc3339RoundTrip() throws {
        let t = SimTime(milliseconds: 1_767_225_600_250)
        #expect(t.rfc3339 == "2026-01-01T00:00:00.25Z")
        #expect(SimTime(rfc3339: t.rfc3339) == t)
        #expect(SimTime(milliseconds: 0).rfc3339 == "1970-01-01T00:00:00Z")
        #expect(SimTime(rfc3339: "2024-02-29T23:59:59Z")?.rfc3339 == "2024-02-29T23:59:59Z")
        #expect(SimTime(rfc3339: "2023-02-29T00:00:00Z") == nil)
        #expect(SimTime(rfc3339: "2026-01-01T02:00:00+02:00") == SimTime(milliseconds: 1_767_225_600_000))
    }

    @Test func clusterSpecValidation() {
        var draft = ClusterDraft()
        draft.name = "x"
        draft.cloudProvider = CloudProviderDraft(type: "aws", region: "us-east-1", cidr: "10.9.0.0/23")
        draft.serviceGroups = [ServiceGroupDraft(nodeGiven: true, cpu: 4, ram: 16, disk: DiskDraft(type: "gp3", storage: 50, iops: 3000, autoExpansion: nil), numOfNodes: 3, services: ["data"])]
        draft.availabilityGiven = true
        draft.availabilityType = "single"
        draft.support = SupportDraft(plan: nil, timezone: nil)
        #expect(capellaError { _ = try ClusterRules.validateCreate(draft) }?.code == 4002)
        draft.support = SupportDraft(plan: "gold", timezone: "PT")
        #expect(capellaError { _ = try ClusterRules.validateCreate(draft) }?.code == 4021)
        draft.support = SupportDraft(plan: "enterprise", timezone: "CET")
        #expect(capellaError { _ = try ClusterRules.validateCreate(draft) }?.code == 4003)
        draft.support = SupportDraft(plan: "enterprise", timezone: "PT")
        #expect((try? ClusterRules.validateCreate(draft)) != nil)
        draft.cloudProvider?.region = "us-east1"
        #expect(capellaError { _ = try ClusterRules.validateCreate(draft) }?.message.contains("region") == true)
        draft.cloudProvider?.region = "us-east-1"
        draft.serviceGroups?[0].services = ["query"]
        #expect(capellaError { _ = try ClusterRules.validateCreate(draft) }?.message.contains("data service") == true)
        draft.serviceGroups?[0].services = ["data"]
        draft.serviceGroups?[0].disk = DiskDraft(type: "pd-ssd", storage: 50, iops: nil, autoExpansion: nil)
        #expect(capellaError { _ = try ClusterRules.validateCreate(draft) }?.message.contains("AWS disk") == true)
    }
}

@Suite struct RegressionTests {
    /// A huge duration (a flag, a seed, the admin API) used to trap converting to Int64.
    @Test func simulatedTimeArithmeticSaturatesInsteadOfTrapping() {
        let start = SimTime(milliseconds: 1_000)
        #expect(start.adding(seconds: 1e300) == .distantFuture)
        #expect(start.adding(seconds: .infinity) == .distantFuture)
        #expect(SimTime(milliseconds: -1).adding(seconds: -1e300) == SimTime(milliseconds: .min))
        #expect(SimTime.distantFuture.adding(seconds: 1) == .distantFuture)
        #expect(start.adding(seconds: .nan) == start)
        #expect(start.adding(seconds: 1.5) == SimTime(milliseconds: 2_500))
        // Formatting the extremes must not trap either.
        #expect(!SimTime.distantFuture.rfc3339.isEmpty)
        #expect(!SimTime(milliseconds: .min).rfc3339.isEmpty)
        #expect(SimTime(milliseconds: -1).rfc3339 == "1969-12-31T23:59:59.999Z")
    }

    /// Failures planted for a cluster used to outlive it, leaving a state whose snapshot would not load.
    @Test func destroyingAClusterDropsItsPlantedFailures() throws {
        let w = World()
        _ = try w.store.addTransitionFault(clusterID: w.cluster, outcome: .scaleFailed)
        let anyCluster = try w.store.addTransitionFault(clusterID: TransitionFault.anyCluster, outcome: .rebalanceFailed)
        try w.store.deleteCluster(organizationID: w.org, projectID: w.project, clusterID: w.cluster)
        w.store.advanceClock(by: 120)
        #expect(w.store.transitionFaults == [anyCluster])
        let contents = w.store.export().contents
        #expect(throws: Never.self) { try Snapshot.decode(Snapshot.encode(contents)) }
    }
}

@Suite struct LengthTests {
    /// Regression: lengths counted grapheme clusters, so 65 × "e\u{301}" (130 runes) passed a
    /// 128 limit that Capella (counting runes, as Go does) refuses.
    @Test func lengthsCountRunesAsGoDoes() {
        let combining = String(repeating: "e\u{301}", count: 65)
        #expect(combining.count == 65)
        #expect(combining.runeCount == 130)
        #expect(capellaError { try CMEKRules.validateMetadata(name: combining, description: "") }?.httpStatusCode == 422)
        #expect(capellaError { try ProjectRules.validate(name: combining, description: "") }?.code == 2004)
        #expect(capellaError { try CMEKRules.validateMetadata(name: String(repeating: "é", count: 128), description: "") } == nil)
    }

    @Test func articlesInMessages() {
        #expect(withArticle("AWS") == "an AWS")
        #expect(withArticle("GCP") == "a GCP")
        #expect(withArticle("array") == "an array")
        #expect(withArticle("object") == "an object")
        #expect(withArticle("string") == "a string")
    }
}
