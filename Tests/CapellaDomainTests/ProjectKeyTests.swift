import Testing
@testable import CapellaDomain

@Suite struct ProjectKeyTests {
    static let azure = KeyConfig.azure(keyLocation: "https://my-vault.vault.azure.net/keys/k/0123456789abcdef0123456789abcdef", region: "eastus")

    @Test func projectKeysRoundTripThroughSnapshots() throws {
        let w = World()
        try w.store.enableCMEKProvider(organizationID: w.org, scope: .project(w.project), provider: .azure)
        let key = try w.store.createKey(organizationID: w.org, scope: .project(w.project), name: "p", description: "",
                                        config: Self.azure, by: w.actor)
        let contents = w.store.export().contents
        let encoded = Snapshot.encode(contents)
        #expect(encoded["cmekKeys"]?.arrayValue?.first?["projectId"]?.stringValue == w.project)
        #expect(encoded["projects"]?.arrayValue?.first?["cmekAzureEnabled"] == true)
        let decoded = try Snapshot.decode(encoded)
        #expect(decoded == contents)
        #expect(decoded.state.cmekKeys[key.id]?.projectID == w.project)
    }

    @Test func aSnapshotCannotHoldAProjectKeyThatTheAPIWouldRefuse() throws {
        let w = World()
        try w.store.enableCMEKProvider(organizationID: w.org, scope: .project(w.project), provider: .azure)
        _ = try w.store.createKey(organizationID: w.org, scope: .project(w.project), name: "p", description: "",
                                  config: Self.azure, by: w.actor)
        var state = w.store.export().contents
        var project = state.state.projects.values[0]
        project.azureCMEKEnabled = false
        project.azureApplicationID = nil
        state.state.projects.insert(project)
        #expect(throws: SnapshotError.self) { try Snapshot.decode(Snapshot.encode(state)) }
    }

    @Test func projectScopeHidesKeysFromOtherLevels() throws {
        let w = World()
        try w.store.enableCMEKProvider(organizationID: w.org, scope: .project(w.project), provider: .azure)
        let key = try w.store.createKey(organizationID: w.org, scope: .project(w.project), name: "p", description: "",
                                        config: Self.azure, by: w.actor)
        #expect(capellaError { _ = try w.store.key(organizationID: w.org, keyID: key.id) }?.code == 3000)
        #expect(try w.store.keys(organizationID: w.org).isEmpty)
        #expect(try w.store.keys(organizationID: w.org, scope: .project(w.project)).map(\.element.id) == [key.id])
        #expect(capellaError { try w.store.enableCMEKProvider(organizationID: w.org, scope: .project(w.project), provider: .gcp) }?.code == 1000)
    }
}
