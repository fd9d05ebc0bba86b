// What a new API key may say: its name, description, lifetime, allowed CIDRs and roles.
// Pure checks; whether the caller may grant those roles is the API layer's authorization.

/// A create-key request after JSON type checks; nil means the field was absent (or null).
public struct APIKeyDraft: Sendable {
    public var name: String?
    public var description: String?
    public var expiry: Double?
    public var allowedCIDRs: [String]?
    public var organizationRoles: [String]?
    public var resources: [ResourceDraft]?

    public init() {}

    public struct ResourceDraft: Sendable {
        public var type: String?
        public var id: String?
        public var roles: [String]?
        public init(type: String?, id: String?, roles: [String]?) {
            self.type = type
            self.id = id
            self.roles = roles
        }
    }
}

/// A create-key request whose values are valid.
public struct ValidAPIKeyRequest: Sendable, Equatable {
    public var name: String
    public var description: String
    public var expiryDays: Double
    public var allowedCIDRs: [String]
    public var organizationRoles: [String]
    public var resources: [ProjectRoleGrant]
}

public enum APIKeyRules {
    public static let organizationRoles: Set<String> = ["organizationOwner", "organizationMember", "projectCreator"]
    public static let projectRoles: Set<String> = [
        "projectOwner", "projectManager", "projectViewer", "projectDataReaderWriter", "projectDataReader",
    ]
    public static let defaultExpiryDays = 180.0
    /// -1 means the key never expires.
    public static let neverExpires = -1.0
    public static let maximumNameLength = 128
    public static let maximumDescriptionLength = 256
    public static let secretLength = 64

    public static func validate(_ draft: APIKeyDraft) throws(CapellaError) -> ValidAPIKeyRequest {
        let name = draft.name ?? ""
        guard !name.trimmingSpaces.isEmpty else {
            throw invalid("The API key name is required and must not be empty.")
        }
        guard name.runeCount <= maximumNameLength else {
            throw invalid("The API key name is longer than \(maximumNameLength) characters.")
        }
        let description = draft.description ?? ""
        guard description.runeCount <= maximumDescriptionLength else {
            throw invalid("The API key description is longer than \(maximumDescriptionLength) characters.")
        }
        let expiry = draft.expiry ?? defaultExpiryDays
        guard expiry == neverExpires || (expiry > 0 && expiry <= 3650) else {
            throw invalid("The expiry \(expiry) is not valid: give the number of days the key lives (fractions allowed, at most 3650), or -1 for a key that never expires. 0 is not allowed.")
        }
        let cidrs = draft.allowedCIDRs ?? ["0.0.0.0/0"]
        guard !cidrs.isEmpty else { throw invalid("allowedCIDRs must list at least one CIDR block.") }
        for cidr in cidrs where IPv4CIDR(cidr) == nil {
            throw invalid("allowedCIDRs has an invalid CIDR block \"\(cidr)\"; use the form 203.0.113.0/24.")
        }
        guard let roles = draft.organizationRoles, !roles.isEmpty else {
            throw invalid("organizationRoles must list at least one role: organizationOwner, organizationMember or projectCreator.")
        }
        for role in roles where !organizationRoles.contains(role) {
            throw invalid("\"\(role)\" is not an organization role; use organizationOwner, organizationMember or projectCreator.")
        }
        var grants: [ProjectRoleGrant] = []
        for (index, resource) in (draft.resources ?? []).enumerated() {
            let at = "resources[\(index)]"
            let type = resource.type ?? "project"
            guard type == "project" else { throw invalid("\(at).type \"\(type)\" is not supported; use project.") }
            guard let id = resource.id, let projectID = Identifier.canonicalUUID(id) else {
                throw invalid("\(at).id must be a project id (a UUID).")
            }
            guard let projectRoles = resource.roles, !projectRoles.isEmpty else {
                throw invalid("\(at).roles must list at least one project role.")
            }
            for role in projectRoles where !Self.projectRoles.contains(role) {
                throw invalid("\"\(role)\" is not a project role; use projectOwner, projectManager, projectViewer, projectDataReaderWriter or projectDataReader.")
            }
            grants.append(ProjectRoleGrant(type: type, projectID: projectID, roles: projectRoles))
        }
        return ValidAPIKeyRequest(name: name, description: description, expiryDays: expiry, allowedCIDRs: cidrs,
                                  organizationRoles: roles, resources: grants)
    }

    /// A caller-chosen secret for a rotation: 64 printable characters without spaces or ':'.
    public static func validateSecret(_ secret: String) throws(CapellaError) {
        guard secret.count == secretLength,
              secret.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 0x20 && $0.value < 0x7F && $0 != ":" }) else {
            throw invalid("The secret must be exactly \(secretLength) printable ASCII characters, without spaces or ':'.")
        }
        let hasLower = secret.contains { $0.isLowercase }
        let hasUpper = secret.contains { $0.isUppercase }
        let hasDigit = secret.contains { $0.isASCIIDigit }
        let hasSymbol = secret.contains { !$0.isLetter && !$0.isNumber }
        guard hasLower, hasUpper, hasDigit, hasSymbol else {
            throw invalid("The secret must mix lowercase and uppercase letters, digits and symbols.")
        }
    }

    /// Capella answers API key payload errors with code 422.
    static func invalid(_ message: String) -> CapellaError {
        .unprocessable(message, hint: "Correct the API key request and try again.", code: 422)
    }
}
