// Finding things in the state, with the error Capella gives when they are not there.

extension MockState {
    public func organization(_ id: String) throws(CapellaError) -> Organization {
        guard let organization = organizations[id] else { throw CapellaError.notFound("no organization with ID \(id)") }
        return organization
    }

    public func project(_ id: String, in organizationID: String) throws(CapellaError) -> Project {
        guard let project = projects[id], project.organizationID == organizationID else {
            throw CapellaError.projectNotFound(id)
        }
        return project
    }

    /// A cluster that does not exist is 404/4025; one that exists under another (or a missing)
    /// project is 422/4031, as Capella orders these checks.
    public func cluster(_ id: String, project projectID: String, in organizationID: String) throws(CapellaError) -> Cluster {
        guard let cluster = clusters[id], cluster.organizationID == organizationID else {
            throw CapellaError.clusterNotFound(id)
        }
        guard cluster.projectID == projectID else {
            throw CapellaError.clusterNotInProject(cluster: id, project: projectID)
        }
        return cluster
    }

    /// A key of the organization, at either level (what a cluster may be given).
    public func cmekKey(_ id: String, in organizationID: String) throws(CapellaError) -> CMEKKey {
        guard let key = cmekKeys[id], key.organizationID == organizationID else { throw CapellaError.keyNotFound(id) }
        return key
    }

    /// A key as seen from one level's paths: a project's keys are not found at the organization's
    /// paths, nor another project's.
    public func cmekKey(_ id: String, in organizationID: String, scope: KeyScope) throws(CapellaError) -> CMEKKey {
        try storedCMEKKey(id, in: organizationID, scope: scope).element
    }

    /// The same, with the key's stamp (for caches of its encoding).
    public func storedCMEKKey(_ id: String, in organizationID: String, scope: KeyScope) throws(CapellaError) -> Stored<CMEKKey> {
        if let projectID = scope.projectID { _ = try project(projectID, in: organizationID) }
        guard let stored = cmekKeys.stored(id), stored.element.organizationID == organizationID,
              stored.element.projectID == scope.projectID else { throw CapellaError.keyNotFound(id) }
        return stored
    }
}

/// If-Match handling: clients send "Version: N" (as the ETag reads) or a bare "N".
public enum Precondition {
    public static func etag(version: Int) -> String { "Version: \(version)" }

    /// Throws 412 when an If-Match header is present and names another version.
    public static func check(ifMatch: String?, version: Int) throws(CapellaError) {
        guard let ifMatch else { return }
        var text = ifMatch.trimmingSpaces
        if text.hasPrefix("W/") { text = text.dropFirst(2) }
        if text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 { text = text.dropFirst().dropLast() }
        if text.hasPrefix("Version:") { text = text.dropFirst("Version:".count) }
        let number = String(text).trimmingSpaces
        if number == "*" { return }
        guard let given = Int(number), given == version else {
            throw CapellaError.preconditionFailed(current: version, given: ifMatch)
        }
    }
}
