// A provisioned cluster: its specification, where it is in its lifecycle, and its CMEK key.

public struct Cluster: Sendable, Equatable {
    public var id: String
    public var organizationID: String
    public var projectID: String
    public var spec: ClusterSpec
    public var connectionString: String
    public var deletionProtection: Bool
    /// The state when no transition is running (healthy, turnedOff, or a failed state).
    public var restingState: ClusterState
    /// The operation in progress, if any; it ends at its deadline on the simulated clock.
    public var transition: Transition?
    /// The CMEK key encrypting the cluster, once an associate (or a create with a key) completes.
    public var cmekID: String?
    public var audit: Audit

    public init(id: String, organizationID: String, projectID: String, spec: ClusterSpec, connectionString: String,
                deletionProtection: Bool = false, restingState: ClusterState, transition: Transition?,
                cmekID: String?, audit: Audit) {
        self.id = id
        self.organizationID = organizationID
        self.projectID = projectID
        self.spec = spec
        self.connectionString = connectionString
        self.deletionProtection = deletionProtection
        self.restingState = restingState
        self.transition = transition
        self.cmekID = cmekID
        self.audit = audit
    }

    /// What `GET cluster` reports as `currentState`.
    public var currentState: ClusterState {
        transition?.kind.activeState ?? restingState
    }

    /// The key this cluster uses or is about to use: a pending associate counts, so the key
    /// cannot be deleted or given to a second cluster slot while the redeploy runs.
    public var effectiveCMEKID: String? {
        if case .associate(let keyID)? = transition?.cmekChange { return keyID }
        return cmekID
    }
}

/// Every `currentState` value the Capella API defines.
public enum ClusterState: String, Sendable, CaseIterable {
    case draft, deploying, scaling, upgrading, rebalancing, peering, destroying, healthy, degraded
    case turnedOff, turningOff, turningOn
    case deploymentFailed, scaleFailed, upgradeFailed, rebalanceFailed, peeringFailed, destroyFailed
    case offline, turningOffFailed, turningOnFailed
}

/// A timed operation on a cluster.
public struct Transition: Sendable, Equatable {
    public var kind: TransitionKind
    public var startedAt: SimTime
    public var deadline: SimTime
    /// For a CMEK redeploy: what changes about the cluster's key when it completes.
    public var cmekChange: CMEKChange?
    /// A state to end in instead of the normal one (set by fault injection).
    public var forcedOutcome: ClusterState?

    public init(kind: TransitionKind, startedAt: SimTime, deadline: SimTime, cmekChange: CMEKChange? = nil,
                forcedOutcome: ClusterState? = nil) {
        self.kind = kind
        self.startedAt = startedAt
        self.deadline = deadline
        self.cmekChange = cmekChange
        self.forcedOutcome = forcedOutcome
    }
}

public enum TransitionKind: String, Sendable, CaseIterable {
    case deploy, cmekRedeploy, scale, destroy, turnOff, turnOn

    /// The state shown while the operation runs.
    public var activeState: ClusterState {
        switch self {
        case .deploy: return .deploying
        case .cmekRedeploy: return .rebalancing
        case .scale: return .scaling
        case .destroy: return .destroying
        case .turnOff: return .turningOff
        case .turnOn: return .turningOn
        }
    }

    /// The state reached when the operation succeeds (destroy removes the cluster instead).
    public var successState: ClusterState {
        switch self {
        case .deploy, .cmekRedeploy, .scale, .turnOn: return .healthy
        case .turnOff: return .turnedOff
        case .destroy: return .destroying
        }
    }

    public func duration(in durations: Durations) -> Double {
        switch self {
        case .deploy: return durations.deploy
        case .cmekRedeploy: return durations.cmekRedeploy
        case .scale: return durations.scale
        case .destroy: return durations.destroy
        case .turnOff: return durations.turnOff
        case .turnOn: return durations.turnOn
        }
    }
}

/// How a CMEK redeploy changes the cluster's key when it completes. A rotation redeploys
/// without changing which key metadata the cluster uses, so it carries no change.
public enum CMEKChange: Sendable, Equatable {
    case associate(keyID: String)
    case unassociate
}

/// What a cluster is: the validated create (or update) request.
public struct ClusterSpec: Sendable, Equatable {
    public var name: String
    public var description: String
    public var configurationType: String
    public var provider: CloudProvider
    public var region: String
    public var cidr: String
    public var serverVersion: String
    public var serviceGroups: [ServiceGroup]
    public var availability: String
    public var supportPlan: String
    public var supportTimezone: String
    public var zones: [String]?
    public var enablePrivateDNSResolution: Bool

    public init(name: String, description: String, configurationType: String, provider: CloudProvider, region: String,
                cidr: String, serverVersion: String, serviceGroups: [ServiceGroup], availability: String,
                supportPlan: String, supportTimezone: String, zones: [String]?, enablePrivateDNSResolution: Bool) {
        self.name = name
        self.description = description
        self.configurationType = configurationType
        self.provider = provider
        self.region = region
        self.cidr = cidr
        self.serverVersion = serverVersion
        self.serviceGroups = serviceGroups
        self.availability = availability
        self.supportPlan = supportPlan
        self.supportTimezone = supportTimezone
        self.zones = zones
        self.enablePrivateDNSResolution = enablePrivateDNSResolution
    }

    public var isEnterprise: Bool { supportPlan == SupportPlan.enterprise }
}

public struct ServiceGroup: Sendable, Equatable {
    public var cpu: Int
    public var ram: Int
    public var disk: Disk
    public var numOfNodes: Int
    public var services: [String]

    public init(cpu: Int, ram: Int, disk: Disk, numOfNodes: Int, services: [String]) {
        self.cpu = cpu
        self.ram = ram
        self.disk = disk
        self.numOfNodes = numOfNodes
        self.services = services
    }
}

/// A node's disk. Which fields apply depends on the provider; GET shows them filled in.
public struct Disk: Sendable, Equatable {
    public var type: String
    public var storage: Int?
    public var iops: Int?
    public var autoExpansion: Bool?

    public init(type: String, storage: Int?, iops: Int?, autoExpansion: Bool?) {
        self.type = type
        self.storage = storage
        self.iops = iops
        self.autoExpansion = autoExpansion
    }
}

public enum SupportPlan {
    public static let basic = "basic"
    public static let developerPro = "developer pro"
    public static let enterprise = "enterprise"
    public static let all = [basic, developerPro, enterprise]
    public static let timezones = ["ET", "GMT", "IST", "PT"]
}
