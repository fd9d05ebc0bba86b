// Project operations.

public enum ProjectRules {
    /// Name 1-128 characters, description at most 256 (Capella's codes 2004 and 2003).
    public static func validate(name: String, description: String) throws(CapellaError) {
        guard !name.trimmingSpaces.isEmpty else {
            throw CapellaError.unprocessable("The project name is required and must not be empty.", code: 422)
        }
        guard name.runeCount <= 128 else {
            throw CapellaError.unprocessable("The project name is longer than 128 characters.", code: 2004)
        }
        guard description.runeCount <= 256 else {
            throw CapellaError.unprocessable("The project description is longer than 256 characters.", code: 2003)
        }
    }
}

extension Store {
    public func createProject(organizationID: String, name: String, description: String, by actor: String) throws(CapellaError) -> Project {
        try transact(check: { state, _ throws(CapellaError) in
            _ = try state.organization(organizationID)
        }, apply: { state, _, context in
            let project = Project(id: Identifier.newUUID(), organizationID: organizationID, name: name,
                                  description: description, audit: Audit(by: actor, at: context.now))
            state.projects.insert(project)
            return project
        })
    }

    public func projects(organizationID: String) throws(CapellaError) -> [Project] {
        try read { state, _ throws(CapellaError) in
            _ = try state.organization(organizationID)
            return state.projects.values.filter { $0.organizationID == organizationID }
        }
    }

    public func project(organizationID: String, projectID: String) throws(CapellaError) -> Project {
        try read { state, _ throws(CapellaError) in try state.project(projectID, in: organizationID) }
    }

    public func updateProject(organizationID: String, projectID: String, name: String, description: String,
                              ifMatch: String?, by actor: String) throws(CapellaError) {
        try transact(check: { state, _ throws(CapellaError) in
            let project = try state.project(projectID, in: organizationID)
            try Precondition.check(ifMatch: ifMatch, version: project.audit.version)
            return project
        }, apply: { state, project, context in
            var updated = project
            updated.name = name
            updated.description = description
            updated.audit.update(by: actor, at: context.now)
            state.projects.insert(updated)
        })
    }

    /// A project that still holds clusters cannot be deleted (409).
    public func deleteProject(organizationID: String, projectID: String) throws(CapellaError) {
        try transact(check: { state, _ throws(CapellaError) in
            _ = try state.project(projectID, in: organizationID)
            let remaining = state.clusters.values.filter { $0.projectID == projectID }.count
            if remaining > 0 {
                throw CapellaError.conflict("The project \(projectID) still has \(remaining) cluster(s); delete them before deleting the project.")
            }
        }, apply: { state, _, _ in
            _ = state.projects.remove(projectID)
        })
    }
}
