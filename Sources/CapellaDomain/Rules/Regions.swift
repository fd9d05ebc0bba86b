// Cloud regions a cluster may be deployed in, and which key locations may serve which region.
// The lists are cloud providers' public region names.

public enum CloudProvider: String, Sendable, CaseIterable, Comparable {
    case aws, gcp, azure

    public static func < (a: CloudProvider, b: CloudProvider) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    /// How people write it in messages.
    public var displayName: String {
        switch self {
        case .aws: return "AWS"
        case .gcp: return "GCP"
        case .azure: return "Azure"
        }
    }
}

public enum Regions {
    public static let aws: Set<String> = [
        "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "ca-west-1",
        "sa-east-1", "eu-central-1", "eu-central-2", "eu-west-1", "eu-west-2", "eu-west-3",
        "eu-north-1", "eu-south-1", "eu-south-2", "ap-south-1", "ap-south-2", "ap-southeast-1",
        "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-northeast-1", "ap-northeast-2",
        "ap-northeast-3", "ap-east-1", "me-south-1", "me-central-1", "af-south-1", "il-central-1",
    ]

    public static let gcp: Set<String> = [
        "us-central1", "us-east1", "us-east4", "us-east5", "us-south1", "us-west1", "us-west2",
        "us-west3", "us-west4", "northamerica-northeast1", "northamerica-northeast2",
        "southamerica-east1", "southamerica-west1", "europe-central2", "europe-north1",
        "europe-southwest1", "europe-west1", "europe-west2", "europe-west3", "europe-west4",
        "europe-west6", "europe-west8", "europe-west9", "europe-west10", "europe-west12",
        "asia-east1", "asia-east2", "asia-northeast1", "asia-northeast2", "asia-northeast3",
        "asia-south1", "asia-south2", "asia-southeast1", "asia-southeast2", "australia-southeast1",
        "australia-southeast2", "me-central1", "me-central2", "me-west1", "africa-south1",
    ]

    public static let azure: Set<String> = [
        "eastus", "eastus2", "centralus", "northcentralus", "southcentralus", "westcentralus",
        "westus", "westus2", "westus3", "canadacentral", "canadaeast", "brazilsouth",
        "northeurope", "westeurope", "uksouth", "ukwest", "francecentral", "germanywestcentral",
        "switzerlandnorth", "norwayeast", "swedencentral", "polandcentral", "italynorth",
        "spaincentral", "centralindia", "southindia", "westindia", "eastasia", "southeastasia",
        "japaneast", "japanwest", "koreacentral", "koreasouth", "australiaeast",
        "australiasoutheast", "australiacentral", "uaenorth", "qatarcentral", "israelcentral",
        "southafricanorth",
    ]

    public static func known(_ provider: CloudProvider) -> Set<String> {
        switch provider {
        case .aws: return aws
        case .gcp: return gcp
        case .azure: return azure
        }
    }

    public static func isKnown(_ region: String, for provider: CloudProvider) -> Bool {
        known(provider).contains(region)
    }

    /// Cloud KMS multi-region and dual-region locations and the cluster regions inside them.
    /// `global` is handled separately: it serves every region.
    static let gcpMultiRegions: [String: Set<String>] = [
        "us": Set(gcp.filter { $0.hasPrefix("us-") }),
        "europe": Set(gcp.filter { $0.hasPrefix("europe-") && $0 != "europe-west2" && $0 != "europe-west6" }),
        "asia": Set(gcp.filter { $0.hasPrefix("asia-") }),
        "ca": ["northamerica-northeast1", "northamerica-northeast2"],
        "nam3": ["us-east4", "us-east1"],
        "nam4": ["us-central1", "us-east1"],
        "nam6": ["us-central1", "us-east1"],
        "nam7": ["us-central1", "us-east4"],
        "nam8": ["us-west2", "us-west1", "us-west3"],
        "nam9": ["us-east4", "us-central1"],
        "nam10": ["us-central1", "us-west3"],
        "nam11": ["us-central1", "us-east1"],
        "nam12": ["us-central1", "us-east4", "us-west1"],
        "eur3": ["europe-west1", "europe-west4"],
        "eur4": ["europe-west4", "europe-north1"],
        "eur5": ["europe-west1", "europe-west2"],
        "eur6": ["europe-west4", "europe-west3"],
        "asia1": ["asia-northeast1", "asia-northeast2"],
    ]

    /// `eu` is accepted as another name for the `europe` multi-region.
    static func gcpMultiRegionMembers(_ location: String) -> Set<String>? {
        gcpMultiRegions[location == "eu" ? "europe" : location]
    }

    /// Whether a GCP KMS location name is one we recognise (a region, a multi-region or global).
    public static func isKnownGCPKeyLocation(_ location: String) -> Bool {
        location == "global" || gcp.contains(location) || gcpMultiRegionMembers(location) != nil
    }

    /// Whether a key stored in GCP location `keyLocation` may encrypt a cluster in `clusterRegion`.
    public static func gcpKeyLocation(_ keyLocation: String, serves clusterRegion: String) -> Bool {
        if keyLocation == "global" || keyLocation == clusterRegion { return true }
        return gcpMultiRegionMembers(keyLocation)?.contains(clusterRegion) ?? false
    }
}
