// What the server starts from: the built-in seed, a seed file (--seed), or the state a previous
// run left in --state-file. The start state is also what POST /_mock/reset returns to.

import CapellaDomain
import MockJSON

struct StartState {
    /// What reset goes back to.
    var seed: Snapshot.Contents
    /// What the server serves first: the state file's contents when there is one, else the seed.
    var current: Snapshot.Contents
    var organizationID: String
    /// The first Organization Owner key's token (nil when the state has none).
    var token: String?

    struct Failure: Error, CustomStringConvertible {
        var description: String
        /// 2 for a bad seed or flag combination, 1 for a state file that cannot be used.
        var exitCode: Int32
    }

    static func load(_ options: Options, clock: any SimClock) throws(Failure) -> StartState {
        var saved: Snapshot.Contents?
        if let path = options.stateFile {
            saved = try read(path, flag: "--state-file", exitCode: 1)
        }
        var seed: Snapshot.Contents
        if let path = options.seedFile {
            guard let contents = try read(path, flag: "--seed", exitCode: 2) else {
                throw Failure(description: "--seed \(path): no such file", exitCode: 2)
            }
            seed = contents
        } else {
            // Built in; a restarted server keeps the organization id and token it had.
            let generated = BuiltInSeed.Identity.generated()
            let identity = BuiltInSeed.Identity(
                organizationID: options.organizationID ?? saved.flatMap(firstOrganization) ?? generated.organizationID,
                token: options.token ?? saved.flatMap { ownerKey(in: $0.state)?.token } ?? generated.token)
            let now = saved?.now ?? clock.now()
            seed = Snapshot.Contents(state: BuiltInSeed.state(identity: identity, at: now), now: now, durations: options.durations)
        }
        if options.seedFile != nil {
            try apply(options, to: &seed, flag: "--seed")
        }
        var current = saved ?? seed
        if saved != nil {
            try apply(options, to: &current, flag: "--state-file")
        }
        guard let organizationID = firstOrganization(current) else {
            throw Failure(description: "the starting state has no organization", exitCode: 2)
        }
        return StartState(seed: seed, current: current, organizationID: organizationID,
                          token: ownerKey(in: current.state)?.token)
    }

    /// The file's snapshot, or nil when there is no such file (for a state file: the first run).
    private static func read(_ path: String, flag: String, exitCode: Int32) throws(Failure) -> Snapshot.Contents? {
        let bytes: [UInt8]?
        do {
            bytes = try AtomicFile.read(path)
        } catch {
            throw Failure(description: "\(flag) \(path): \(error)", exitCode: exitCode)
        }
        guard let bytes else { return nil }
        do {
            return try Snapshot.decode(bytes)
        } catch {
            throw Failure(description: "\(flag) \(path): \(error)", exitCode: exitCode)
        }
    }

    /// --token replaces the first Organization Owner key's token; --org-id must name the file's
    /// organization (a file sets its own ids).
    private static func apply(_ options: Options, to contents: inout Snapshot.Contents, flag: String) throws(Failure) {
        if let id = options.organizationID, firstOrganization(contents) != id {
            throw Failure(description: "--org-id \(id) does not match the organization in \(flag) (\(firstOrganization(contents) ?? "none"))", exitCode: 2)
        }
        if let token = options.token {
            guard var key = ownerKey(in: contents.state) else {
                throw Failure(description: "--token: \(flag) has no Organization Owner API key to give it to", exitCode: 2)
            }
            if let other = contents.state.apiKey(forToken: token), other.id != key.id {
                throw Failure(description: "--token: another API key in \(flag) already has that token", exitCode: 2)
            }
            key.token = token
            contents.state.addAPIKey(key)
        }
    }

    static func firstOrganization(_ contents: Snapshot.Contents) -> String? {
        contents.state.organizations.values.first?.id
    }

    static func ownerKey(in state: MockState) -> APIKey? {
        guard let organization = state.organizations.values.first?.id else { return nil }
        return state.apiKeys.values.first { $0.organizationID == organization && $0.organizationRoles.contains("organizationOwner") }
    }
}
