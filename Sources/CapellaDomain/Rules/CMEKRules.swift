// Rules about CMEK keys that need no state: metadata limits, which clusters a key may serve,
// and the rotation interval.

public enum CMEKRules {
    /// A key may be rotated at most once in this many simulated seconds (30 days).
    public static let rotationInterval: Double = 30 * 86_400

    public static func validateMetadata(name: String, description: String) throws(CapellaError) {
        guard !name.trimmingSpaces.isEmpty else {
            throw CapellaError.unprocessable("The key name must not be empty.", hint: "Give the key a name of 1 to 128 characters.")
        }
        guard name.runeCount <= 128 else {
            throw CapellaError.unprocessable("The key name is longer than 128 characters.", hint: "Give the key a name of 1 to 128 characters.")
        }
        guard description.runeCount <= 512 else {
            throw CapellaError.unprocessable("The key description is longer than 512 characters.", hint: "Shorten the description to at most 512 characters.")
        }
    }

    /// Whether `config` may encrypt a cluster with `spec`: same provider, a location that serves
    /// the cluster's region, and the Enterprise support plan.
    public static func checkKey(_ config: KeyConfig, keyID: String, canEncrypt spec: ClusterSpec, clusterID: String?) throws(CapellaError) {
        let clusterName = clusterID.map { "cluster \($0)" } ?? "the cluster"
        guard config.provider == spec.provider else {
            throw CapellaError.unprocessable(
                "The key \(keyID) is \(withArticle(config.provider.displayName)) key but \(clusterName) runs on \(spec.provider.displayName).",
                hint: "Use a key from the same cloud provider as the cluster.")
        }
        guard config.serves(provider: spec.provider, region: spec.region) else {
            throw CapellaError.unprocessable(
                "The key \(keyID) is in \(config.location) but \(clusterName) is in \(spec.region); the key must be in the cluster's region.",
                hint: "Use a key created in the same region as the cluster.")
        }
        guard spec.isEnterprise else {
            throw CapellaError.unprocessable(
                "Customer-managed encryption keys are only available on the Enterprise support plan; \(clusterName) is on \"\(spec.supportPlan)\".",
                hint: "Move the cluster to the Enterprise support plan to use a customer-managed key.")
        }
    }

    /// A project-level key serves only the clusters of its own project.
    public static func checkKeyScope(_ key: CMEKKey, clusterProjectID: String) throws(CapellaError) {
        guard let projectID = key.projectID, projectID != clusterProjectID else { return }
        throw CapellaError.unprocessable(
            "The key \(key.id) belongs to project \(projectID); only clusters of that project can use it.",
            hint: "Use an organization-level key, or a key created in the cluster's project.")
    }

    /// Project-level keys are Azure keys, and the project must have Azure CMEK enabled.
    public static func checkProjectKey(_ config: KeyConfig, project: Project) throws(CapellaError) {
        guard config.provider == .azure else {
            throw CapellaError.unprocessable(
                "Project-level CMEK keys are Azure keys only; this is \(withArticle(config.provider.displayName)) key.",
                hint: "Register AWS and GCP keys at the organization level (POST /v4/organizations/{organizationId}/cmek).")
        }
        guard project.azureCMEKEnabled else {
            throw CapellaError.unprocessable(
                "Azure CMEK is not enabled for the project \(project.id).",
                hint: "Enable it with PUT /v4/organizations/{organizationId}/projects/{projectId}/cmek/providers {\"cloudProvider\":\"azure\"}, then try again.")
        }
    }

    /// A cluster must be healthy for its encryption to change.
    public static func checkHealthy(_ cluster: Cluster, for action: String) throws(CapellaError) {
        guard cluster.currentState == .healthy else {
            throw CapellaError.unprocessable(
                "Cannot \(action): the cluster \(cluster.id) is \(cluster.currentState.rawValue), not healthy.",
                hint: "Wait until the cluster is healthy, then try again.")
        }
    }

    public static func checkAccessible(_ config: KeyConfig, in state: MockState) throws(CapellaError) {
        guard !state.inaccessibleKeyResources.contains(config.resource) else {
            throw CapellaError.unprocessable(
                "Capella cannot access the key \(config.resource): the key is disabled, deleted, or its policy does not grant Capella's account access.",
                hint: "Grant Capella access to the key in your cloud KMS (see GET /cloudAccounts), then try again.")
        }
    }
}
