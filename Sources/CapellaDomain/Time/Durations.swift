// How long each simulated cluster operation takes, in simulated seconds.

public struct Durations: Sendable, Equatable {
    public var deploy: Double = 600
    /// Redeploy after a CMEK associate, unassociate or rotation.
    public var cmekRedeploy: Double = 420
    public var scale: Double = 300
    public var destroy: Double = 120
    public var turnOff: Double = 180
    public var turnOn: Double = 180

    public init() {}

    public static let defaults = Durations()

    /// The longest duration accepted anywhere (flags, admin API, seed files): 100 years.
    public static let maximumSeconds: Double = 100 * 365 * 86_400
}
