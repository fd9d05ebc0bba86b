// API key operations. A key's token is base64 of "<id>:<secret>"; rotating replaces the secret,
// so the old token stops working at once.

/// A newly created or rotated key's credentials, shown once.
public struct IssuedCredentials: Sendable, Equatable {
    public var key: APIKey
    public var secret: String
}

extension MockState {
    public func apiKey(_ id: String, in organizationID: String) throws(CapellaError) -> APIKey {
        guard let key = apiKeys[id], key.organizationID == organizationID else {
            throw CapellaError.notFound("no API key with ID \(id) exists in this organization")
        }
        return key
    }
}

extension Store {
    public func createAPIKey(organizationID: String, request: ValidAPIKeyRequest, by actor: String) throws(CapellaError) -> IssuedCredentials {
        try transact(check: { state, _ throws(CapellaError) in
            _ = try state.organization(organizationID)
            for grant in request.resources {
                _ = try state.project(grant.projectID, in: organizationID)
            }
        }, apply: { state, _, context in
            let id = Identifier.newAPIKeyID()
            let secret = Identifier.newAPIKeySecret()
            let expiresAt = request.expiryDays == APIKeyRules.neverExpires
                ? nil : context.now.adding(seconds: request.expiryDays * 86_400)
            let key = APIKey(id: id, organizationID: organizationID, name: request.name, description: request.description,
                             token: Identifier.token(id: id, secret: secret), expiryDays: request.expiryDays,
                             expiresAt: expiresAt, allowedCIDRs: request.allowedCIDRs,
                             organizationRoles: request.organizationRoles, resources: request.resources,
                             audit: Audit(by: actor, at: context.now))
            state.addAPIKey(key)
            return IssuedCredentials(key: key, secret: secret)
        })
    }

    public func apiKeys(organizationID: String) throws(CapellaError) -> [APIKey] {
        try read { state, _ throws(CapellaError) in
            _ = try state.organization(organizationID)
            return state.apiKeys.values.filter { $0.organizationID == organizationID }
        }
    }

    public func apiKey(organizationID: String, keyID: String) throws(CapellaError) -> APIKey {
        try read { state, _ throws(CapellaError) in try state.apiKey(keyID, in: organizationID) }
    }

    /// Deleting a key revokes its token at once (even the caller's own).
    public func deleteAPIKey(organizationID: String, keyID: String) throws(CapellaError) {
        try transact(check: { state, _ throws(CapellaError) in
            _ = try state.apiKey(keyID, in: organizationID)
        }, apply: { state, _, _ in
            state.removeAPIKey(keyID)
        })
    }

    /// Gives the key a new secret (the caller's, already validated, or a generated one).
    public func rotateAPIKey(organizationID: String, keyID: String, secret: String?, by actor: String) throws(CapellaError) -> IssuedCredentials {
        try transact(check: { state, _ throws(CapellaError) in
            try state.apiKey(keyID, in: organizationID)
        }, apply: { state, key, context in
            var rotated = key
            let newSecret = secret ?? Identifier.newAPIKeySecret()
            rotated.token = Identifier.token(id: key.id, secret: newSecret)
            rotated.audit.update(by: actor, at: context.now)
            state.addAPIKey(rotated)
            return IssuedCredentials(key: rotated, secret: newSecret)
        })
    }
}
