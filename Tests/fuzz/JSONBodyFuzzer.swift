// libFuzzer target: one request body, through the JSON parser and every decoder that turns a
// CMEK, cluster or API-key body into a store call, exactly as the handlers chain them.
//
// Compiled by Tests/fuzz/build.sh with CapellaAPI's Decoding sources, against MockJSON and
// CapellaDomain built for testing. The oracles, for every input:
// - JSON that parses writes back to bytes that parse to the same value, and write identically;
// - a refused body is refused with a 4xx Capella error and leaves the store unchanged;
// - what the store accepts survives a snapshot round trip (the snapshot decoder checks
//   everything the API checks, so it also catches a rule the API path forgot), before and after
//   the simulated clock settles any transition the body started.

@testable import CapellaDomain
import MockJSON

#if canImport(Glibc)
import Glibc
#endif

/// One store for the whole run, returned to its start after each input.
nonisolated(unsafe) private let world = FuzzWorld()
/// CAPELLA_FUZZ_TRACE=1 prints each operation's verdict: run a corpus with -runs=0 to see which
/// seeds reach the store.
private let tracing = getenv("CAPELLA_FUZZ_TRACE") != nil

@_cdecl("LLVMFuzzerTestOneInput")
public func jsonBodyFuzzerTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    checkRoundTrip(bytes)

    let body: JSONBody
    do {
        body = try JSONBody.parse(bytes)
    } catch {
        require(error.httpStatusCode == 400, "an unreadable body gave \(error)")
        return 0
    }
    for operation in FuzzWorld.Operation.allCases {
        world.attempt(operation, body)
    }
    return 0
}

/// JSON parse → write → parse gives the same value; writing that value again gives the same bytes.
/// "The same" counts numbers by value: like Go, the writer prints a whole Double as an integer, so
/// `5e0` comes back as the integer 5.
private func checkRoundTrip(_ bytes: [UInt8]) {
    guard let value = try? JSONParser.parse(bytes) else { return }
    let written = JSONWriter.bytes(value)
    let reparsed: JSONValue
    do {
        reparsed = try JSONParser.parse(written)
    } catch {
        fail("our own JSON output does not parse: \(error) in \(String(decoding: written, as: UTF8.self))")
    }
    require(sameJSON(reparsed, value), "a JSON round trip changed the value")
    require(JSONWriter.bytes(reparsed) == written, "writing the same value twice gave different bytes")
}

private func sameJSON(_ a: JSONValue, _ b: JSONValue) -> Bool {
    switch (a, b) {
    case (.int, .double), (.double, .int), (.double, .double):
        return a.numberValue == b.numberValue
    case (.array(let x), .array(let y)):
        return x.count == y.count && zip(x, y).allSatisfy { sameJSON($0, $1) }
    case (.object(let x), .object(let y)):
        return x.members.count == y.members.count
            && zip(x.members, y.members).allSatisfy { $0.key == $1.key && sameJSON($0.value, $1.value) }
    default:
        return a == b
    }
}

private final class FuzzWorld {
    enum Operation: CaseIterable {
        case createKey, createProjectKey, rotateKey, createCluster, updateCluster, createAPIKey
    }

    let clock = ManualClock()
    let store: Store
    let organizationID: String
    let projectID: String
    let clusterID: String
    let keyID: String
    let actor: String

    init() {
        let identity = BuiltInSeed.Identity(organizationID: "6af08c0a-8cab-4c1c-b257-b521575c16d0", token: "fuzz-token")
        let seed = BuiltInSeed.state(identity: identity, at: clock.now())
        organizationID = identity.organizationID
        projectID = seed.projects.values[0].id
        clusterID = seed.clusters.values[0].id
        actor = seed.apiKeys.values[0].id
        // The start state also holds one key to rotate, and Azure keys enabled for the project.
        let builder = Store(state: seed, clock: clock)
        do {
            try builder.enableCMEKProvider(organizationID: organizationID, scope: .project(projectID), provider: .azure)
            keyID = try builder.createKey(
                organizationID: organizationID, name: "rotated by the fuzzer", description: "",
                config: .aws(arn: "arn:aws:kms:us-east-1:123456789012:key/00000001-1111-2222-3333-444444444444"),
                by: actor).id
        } catch {
            fail("the fuzzer's start state could not be built: \(error)")
        }
        store = Store(state: builder.snapshot(), clock: clock)
    }

    /// Runs one operation on `body` the way its handler does, then checks the oracles and resets.
    func attempt(_ operation: Operation, _ body: JSONBody) {
        let before = store.export()
        do {
            try perform(operation, body)
        } catch {
            if tracing { print("  \(operation): \(error)") }
            require((400..<500).contains(error.httpStatusCode), "\(operation) answered \(error)")
            require(store.export().generation == before.generation, "a refused \(operation) changed the store: \(error)")
            return
        }
        if tracing { print("  \(operation): accepted") }
        checkSnapshotRoundTrip(after: operation)
        // Let any transition the body started run to its end, then check again.
        _ = store.advanceClock(by: 24 * 3600)
        checkSnapshotRoundTrip(after: operation)
        store.reset()
    }

    private func perform(_ operation: Operation, _ body: JSONBody) throws(CapellaError) {
        switch operation {
        case .createKey, .createProjectKey:
            let scope: KeyScope = operation == .createKey ? .organization : .project(projectID)
            let name = try body.string("name")
            let description = try body.string("description") ?? ""
            let config = try KeyConfigDecoder.decode(body)
            try CMEKRules.validateMetadata(name: name ?? "", description: description)
            _ = try store.createKey(organizationID: organizationID, scope: scope, name: name ?? "",
                                    description: description, config: config, by: actor)
        case .rotateKey:
            try store.rotateKey(organizationID: organizationID, keyID: keyID, config: try KeyConfigDecoder.decode(body),
                                by: actor)
        case .createCluster:
            let draft = try ClusterDraftDecoder.decode(body)
            let spec = try ClusterRules.validateCreate(draft)
            _ = try store.createCluster(organizationID: organizationID, projectID: projectID, spec: spec,
                                        cmekID: draft.cmekID, by: actor)
        case .updateCluster:
            let draft = try ClusterDraftDecoder.decode(body)
            try ClusterRules.validateUpdateShape(draft)
            try store.updateCluster(organizationID: organizationID, projectID: projectID, clusterID: clusterID,
                                    draft: draft, ifMatch: nil, by: actor)
        case .createAPIKey:
            let request = try APIKeyRules.validate(try APIKeyDraftDecoder.decode(body))
            _ = try store.createAPIKey(organizationID: organizationID, request: request, by: actor)
        }
    }

    private func checkSnapshotRoundTrip(after operation: Operation) {
        let contents = store.export().contents
        let document = JSONWriter.bytes(Snapshot.encode(contents))
        do {
            let decoded = try Snapshot.decode(document)
            require(decoded == contents, "after \(operation), the snapshot decodes to a different state")
        } catch {
            fail("after \(operation), the store holds a state its own snapshot check refuses: \(error)")
        }
    }
}

// MARK: - Failing

private func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if !condition() { fail(message()) }
}

private func fail(_ message: String) -> Never {
    fatalError("JSONBodyFuzzer: \(message)")
}
