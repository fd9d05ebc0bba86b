// Who created and last changed a resource, and when. `version` is the number behind the ETag
// ("Version: N"): 1 at creation, +1 on each successful update.

public struct Audit: Sendable, Equatable {
    public var createdBy: String
    public var createdAt: SimTime
    public var modifiedBy: String
    public var modifiedAt: SimTime
    public var version: Int

    public init(createdBy: String, createdAt: SimTime, modifiedBy: String, modifiedAt: SimTime, version: Int) {
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.modifiedBy = modifiedBy
        self.modifiedAt = modifiedAt
        self.version = version
    }

    public init(by actor: String, at time: SimTime) {
        self.init(createdBy: actor, createdAt: time, modifiedBy: actor, modifiedAt: time, version: 1)
    }

    /// Records an update by `actor` and bumps the version.
    public mutating func update(by actor: String, at time: SimTime) {
        modifiedBy = actor
        modifiedAt = time
        version += 1
    }

    /// Records a change that is not a versioned update (for example a key rotation).
    public mutating func touch(by actor: String, at time: SimTime) {
        modifiedBy = actor
        modifiedAt = time
    }
}
