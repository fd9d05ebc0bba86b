// Turns a create- or update-cluster request into a ClusterSpec, or the 422 Capella would give.
// The API layer has already checked JSON types (a wrong type is a 400 there); this file judges
// values. It reads no state: overlapping CIDRs and key rules are checked by the store.

/// A create/update request after JSON type checks; nil means the field was absent.
public struct ClusterDraft: Sendable {
    public var name: String?
    public var description: String?
    public var configurationType: String?
    public var cloudProvider: CloudProviderDraft?
    public var serverVersion: String?
    public var serviceGroups: [ServiceGroupDraft]?
    public var availabilityType: String?
    public var availabilityGiven = false
    public var support: SupportDraft?
    public var zones: [String]?
    public var cmekID: String?
    public var enablePrivateDNSResolution: Bool?

    public init() {}
}

public struct CloudProviderDraft: Sendable {
    public var type: String?
    public var region: String?
    public var cidr: String?
    public init(type: String?, region: String?, cidr: String?) {
        self.type = type
        self.region = region
        self.cidr = cidr
    }
}

public struct ServiceGroupDraft: Sendable {
    public var nodeGiven: Bool
    public var cpu: Int?
    public var ram: Int?
    public var disk: DiskDraft?
    public var numOfNodes: Int?
    public var services: [String]?
    public init(nodeGiven: Bool, cpu: Int?, ram: Int?, disk: DiskDraft?, numOfNodes: Int?, services: [String]?) {
        self.nodeGiven = nodeGiven
        self.cpu = cpu
        self.ram = ram
        self.disk = disk
        self.numOfNodes = numOfNodes
        self.services = services
    }
}

public struct DiskDraft: Sendable {
    public var type: String?
    public var storage: Int?
    public var iops: Int?
    public var autoExpansion: Bool?
    public init(type: String?, storage: Int?, iops: Int?, autoExpansion: Bool?) {
        self.type = type
        self.storage = storage
        self.iops = iops
        self.autoExpansion = autoExpansion
    }
}

public struct SupportDraft: Sendable {
    public var plan: String?
    public var timezone: String?
    public init(plan: String?, timezone: String?) {
        self.plan = plan
        self.timezone = timezone
    }
}

public enum ClusterRules {
    public static let services: Set<String> = ["data", "query", "index", "search", "analytics", "eventing"]
    public static let defaultServerVersion = "7.6"
    static let azurePremiumDisks: [String: (storage: Int, iops: Int)] = [
        "P6": (64, 240), "P10": (128, 500), "P15": (256, 1100), "P20": (512, 2300),
        "P30": (1024, 5000), "P40": (2048, 7500), "P50": (4096, 7500), "P60": (8192, 16000),
    ]
    static let azureUltraSizes: Set<Int> = [
        64, 128, 256, 512, 1024, 2048, 3072, 4096, 5120, 6144, 7168, 8192, 9216, 10240, 11264, 12288,
        13312, 14336, 15360,
    ]

    /// Validates a create request. An absent `cidr` comes back as "" for the store to assign.
    public static func validateCreate(_ draft: ClusterDraft) throws(CapellaError) -> ClusterSpec {
        let name = try validateName(draft.name)
        let description = try validateDescription(draft.description)
        let configurationType = draft.configurationType ?? "multiNode"
        guard configurationType == "multiNode" || configurationType == "singleNode" else {
            throw CapellaError.unprocessable("configurationType \"\(configurationType)\" is not valid; use multiNode or singleNode.")
        }
        guard let cloud = draft.cloudProvider else { throw missing("cloudProvider") }
        guard let typeText = cloud.type else { throw missing("cloudProvider.type") }
        guard let provider = CloudProvider(rawValue: typeText) else {
            throw CapellaError.unprocessable("cloudProvider.type \"\(typeText)\" is not supported; use aws, gcp or azure.")
        }
        guard let region = cloud.region else { throw missing("cloudProvider.region") }
        guard Regions.isKnown(region, for: provider) else {
            throw CapellaError.unprocessable("The region \"\(region)\" is not a supported \(provider.displayName) region.",
                                             hint: "Choose a region that Capella supports for \(provider.displayName).")
        }
        var cidr = ""
        if let given = cloud.cidr {
            guard let parsed = IPv4CIDR(given) else {
                throw CapellaError.unprocessable("cidr \"\(given)\" is not a valid IPv4 CIDR block such as 10.1.30.0/23.")
            }
            cidr = parsed.description
        }
        let version = try validateServerVersion(draft.serverVersion)
        let groups = try validateServiceGroups(draft.serviceGroups, provider: provider)
        guard draft.availabilityGiven else { throw missing("availability") }
        guard let availability = draft.availabilityType else { throw missing("availability.type") }
        guard availability == "single" || availability == "multi" else {
            throw CapellaError.unprocessable("availability.type \"\(availability)\" is not valid; use single or multi.")
        }
        let (plan, timezone) = try validateSupport(draft.support)
        if let zones = draft.zones, zones.contains(where: \.isEmpty) {
            throw CapellaError.unprocessable("zones must not contain empty names.")
        }
        if let key = draft.cmekID, !Identifier.isUUID(key) {
            throw CapellaError.unprocessable("cmekId \"\(key)\" is not a valid UUID.")
        }
        return ClusterSpec(name: name, description: description, configurationType: configurationType,
                           provider: provider, region: region, cidr: cidr, serverVersion: version,
                           serviceGroups: groups, availability: availability, supportPlan: plan,
                           supportTimezone: timezone, zones: draft.zones,
                           enablePrivateDNSResolution: draft.enablePrivateDNSResolution ?? false)
    }

    /// Validates an update request against the cluster's current spec. Provider, region, CIDR,
    /// version and availability cannot change and are ignored when sent.
    public static func validateUpdate(_ draft: ClusterDraft, current: ClusterSpec) throws(CapellaError) -> ClusterSpec {
        guard draft.name != nil else { throw missing("name") }
        guard draft.description != nil else { throw missing("description") }
        let name = try validateName(draft.name)
        let description = try validateDescription(draft.description)
        let groups = try validateServiceGroups(draft.serviceGroups, provider: current.provider)
        let (plan, timezone) = try validateSupport(draft.support)
        var spec = current
        spec.name = name
        spec.description = description
        spec.serviceGroups = groups
        spec.supportPlan = plan
        spec.supportTimezone = timezone
        return spec
    }

    /// The checks of `validateUpdate` that need no cluster: run before looking the cluster up, so
    /// a bad payload is refused before a missing cluster is reported. Disks are judged against the
    /// provider their type implies; the store repeats the full check against the real provider.
    public static func validateUpdateShape(_ draft: ClusterDraft) throws(CapellaError) {
        guard draft.name != nil else { throw missing("name") }
        guard draft.description != nil else { throw missing("description") }
        _ = try validateName(draft.name)
        _ = try validateDescription(draft.description)
        guard let groups = draft.serviceGroups else { throw missing("serviceGroups") }
        // Every disk must name a type some provider has; the first one tells which provider.
        for (index, group) in groups.enumerated() {
            let at = "serviceGroups[\(index)].node"
            guard group.nodeGiven else { throw missing(at) }
            guard let disk = group.disk else { throw missing("\(at).disk") }
            guard let type = disk.type else { throw missing("\(at).disk.type") }
            guard provider(forDiskType: type) != nil else {
                throw CapellaError.unprocessable("\(at).disk.type \"\(type)\" is not a disk type of AWS (gp3, io2), GCP (pd-ssd) or Azure (P6…P60, Ultra).")
            }
        }
        if let type = groups.first?.disk?.type, let provider = provider(forDiskType: type) {
            _ = try validateServiceGroups(groups, provider: provider)
        } else {
            _ = try validateServiceGroups(groups, provider: .aws)  // empty list: refused there
        }
        _ = try validateSupport(draft.support)
    }

    static func provider(forDiskType type: String) -> CloudProvider? {
        switch type {
        case "gp3", "io2": return .aws
        case "pd-ssd": return .gcp
        case "Ultra": return .azure
        default: return azurePremiumDisks[type] != nil ? .azure : nil
        }
    }

    static func missing(_ field: String) -> CapellaError {
        .unprocessable("The field \"\(field)\" is required.", hint: "Add \"\(field)\" to the request body and try again.")
    }

    static func validateName(_ name: String?) throws(CapellaError) -> String {
        guard let name else { throw missing("name") }
        let trimmed = name.trimmingSpaces
        guard !trimmed.isEmpty else {
            throw CapellaError.unprocessable("The cluster name must not be empty.", code: 4011)
        }
        guard name.runeCount <= 256 else {
            throw CapellaError.unprocessable("The cluster name is longer than 256 characters.", code: 4012)
        }
        return name
    }

    static func validateDescription(_ description: String?) throws(CapellaError) -> String {
        let text = description ?? ""
        guard text.runeCount <= 1024 else {
            throw CapellaError.unprocessable("The cluster description is longer than 1024 characters.", code: 4014)
        }
        return text
    }

    static func validateServerVersion(_ version: String?) throws(CapellaError) -> String {
        guard let version else { return defaultServerVersion }
        let parts = version.split(separator: ".", omittingEmptySubsequences: false)
        guard (2...3).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }),
              let major = Int(parts[0]), major >= 7 else {
            throw CapellaError.unprocessable("couchbaseServer.version \"\(version)\" is not a supported Couchbase Server version (for example 7.6).")
        }
        return version
    }

    static func validateServiceGroups(_ drafts: [ServiceGroupDraft]?, provider: CloudProvider) throws(CapellaError) -> [ServiceGroup] {
        guard let drafts else { throw missing("serviceGroups") }
        guard !drafts.isEmpty else {
            throw CapellaError.unprocessable("serviceGroups must contain at least one service group.")
        }
        var groups: [ServiceGroup] = []
        for (index, draft) in drafts.enumerated() {
            let at = "serviceGroups[\(index)]"
            guard draft.nodeGiven else { throw missing("\(at).node") }
            guard let cpu = draft.cpu else { throw missing("\(at).node.compute.cpu") }
            guard let ram = draft.ram else { throw missing("\(at).node.compute.ram") }
            guard cpu > 0, ram > 0 else {
                throw CapellaError.unprocessable("\(at).node.compute must have a positive cpu and ram.")
            }
            guard let diskDraft = draft.disk else { throw missing("\(at).node.disk") }
            let disk = try validateDisk(diskDraft, provider: provider, at: "\(at).node.disk")
            guard let services = draft.services, !services.isEmpty else {
                throw CapellaError.unprocessable("\(at).services must list at least one service.")
            }
            for service in services where !Self.services.contains(service) {
                throw CapellaError.unprocessable("\(at).services has an unknown service \"\(service)\"; use data, query, index, search, analytics or eventing.")
            }
            guard Set(services).count == services.count else {
                throw CapellaError.unprocessable("\(at).services lists a service more than once.")
            }
            guard let nodes = draft.numOfNodes else { throw missing("\(at).numOfNodes") }
            groups.append(ServiceGroup(cpu: cpu, ram: ram, disk: disk, numOfNodes: nodes, services: services))
        }
        let dataGroups = groups.filter { $0.services.contains("data") }
        guard !dataGroups.isEmpty else {
            throw CapellaError.unprocessable("At least one service group must run the data service.")
        }
        for (index, group) in groups.enumerated() {
            let range = group.services.contains("data") ? 3...27 : 2...24
            guard range.contains(group.numOfNodes) else {
                throw CapellaError.unprocessable("serviceGroups[\(index)].numOfNodes is \(group.numOfNodes); a group \(group.services.contains("data") ? "with" : "without") the data service needs \(range.lowerBound) to \(range.upperBound) nodes.")
            }
        }
        let total = groups.reduce(0) { $0 + $1.numOfNodes }
        guard total <= 27 else {
            throw CapellaError.unprocessable("The cluster would have \(total) nodes; the maximum is 27.")
        }
        return groups
    }

    static func validateDisk(_ draft: DiskDraft, provider: CloudProvider, at: String) throws(CapellaError) -> Disk {
        guard let type = draft.type else { throw missing("\(at).type") }
        switch provider {
        case .aws:
            guard type == "gp3" || type == "io2" else {
                throw CapellaError.unprocessable("\(at).type \"\(type)\" is not an AWS disk type; use gp3 or io2.")
            }
            guard let storage = draft.storage else { throw missing("\(at).storage") }
            guard (50...16_000).contains(storage) else {
                throw CapellaError.unprocessable("\(at).storage must be between 50 and 16000 GB.")
            }
            guard let iops = draft.iops else { throw missing("\(at).iops") }
            let iopsRange = type == "gp3" ? 3000...16_000 : 1000...64_000
            guard iopsRange.contains(iops) else {
                throw CapellaError.unprocessable("\(at).iops must be between \(iopsRange.lowerBound) and \(iopsRange.upperBound) for \(type).")
            }
            return Disk(type: type, storage: storage, iops: iops, autoExpansion: nil)
        case .gcp:
            guard type == "pd-ssd" else {
                throw CapellaError.unprocessable("\(at).type \"\(type)\" is not a GCP disk type; use pd-ssd.")
            }
            guard let storage = draft.storage else { throw missing("\(at).storage") }
            guard (50...16_000).contains(storage) else {
                throw CapellaError.unprocessable("\(at).storage must be between 50 and 16000 GB.")
            }
            return Disk(type: type, storage: storage, iops: nil, autoExpansion: nil)
        case .azure:
            if type == "Ultra" {
                guard let storage = draft.storage else { throw missing("\(at).storage") }
                guard azureUltraSizes.contains(storage) else {
                    throw CapellaError.unprocessable("\(at).storage \(storage) is not an Ultra disk size (64, 128, 256, 512, then 1024 to 15360 in steps of 1024).")
                }
                guard let iops = draft.iops else { throw missing("\(at).iops") }
                guard iops > 0 else { throw CapellaError.unprocessable("\(at).iops must be positive.") }
                return Disk(type: type, storage: storage, iops: iops, autoExpansion: draft.autoExpansion ?? false)
            }
            guard let defaults = azurePremiumDisks[type] else {
                throw CapellaError.unprocessable("\(at).type \"\(type)\" is not an Azure disk type; use P6, P10, P15, P20, P30, P40, P50, P60 or Ultra.")
            }
            // Premium disks have fixed sizes; storage and iops come from the tier.
            return Disk(type: type, storage: defaults.storage, iops: defaults.iops, autoExpansion: draft.autoExpansion ?? false)
        }
    }

    static func validateSupport(_ draft: SupportDraft?) throws(CapellaError) -> (plan: String, timezone: String) {
        guard let draft else { throw missing("support") }
        guard let plan = draft.plan else {
            throw CapellaError.unprocessable("The support package is not valid. Provide a valid support plan (basic, developer pro or enterprise).",
                                             hint: "The support object in the payload or body should not be empty.", code: 4002)
        }
        guard SupportPlan.all.contains(plan) else {
            throw CapellaError.unprocessable("The support plan \"\(plan)\" is not valid; use basic, developer pro or enterprise.", code: 4021)
        }
        if plan == SupportPlan.basic {
            // The timezone does not apply to the basic plan.
            return (plan, draft.timezone.flatMap { SupportPlan.timezones.contains($0) ? $0 : nil } ?? "PT")
        }
        guard let timezone = draft.timezone else {
            throw CapellaError.unprocessable("support.timezone is required for the \(plan) plan; use ET, GMT, IST or PT.", code: 4003)
        }
        guard SupportPlan.timezones.contains(timezone) else {
            throw CapellaError.unprocessable("The support timezone \"\(timezone)\" is not valid; use ET, GMT, IST or PT.", code: 4003)
        }
        return (plan, timezone)
    }
}

extension String {
    /// Length as Go's utf8.RuneCountInString counts it: Unicode scalars, not grapheme clusters.
    public var runeCount: Int { unicodeScalars.count }

    var trimmingSpaces: Substring {
        var view = self[...]
        while let first = view.first, first.isWhitespace { view = view.dropFirst() }
        while let last = view.last, last.isWhitespace { view = view.dropLast() }
        return view
    }
}
