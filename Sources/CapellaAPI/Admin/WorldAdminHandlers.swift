// The simulated world: KMS key access (/_mock/kms/keys), operation durations (/_mock/durations)
// and repairing a failed cluster (/_mock/clusters/{clusterId}/repair).

import CapellaDomain
import MockHTTP
import MockJSON

enum WorldAdminHandlers {
    static func listKMS(_ context: RequestContext) throws -> HTTPResponse {
        let overrides = context.store.inaccessibleKeyResources.map { resource -> JSONValue in
            ["key": .string(resource), "accessible": false]
        }
        return Respond.json(200, ["data": .array(overrides)])
    }

    /// {"key": ARN | resourceName | keyLocation, "accessible": bool}
    static func setKMS(_ context: RequestContext) throws -> HTTPResponse {
        let body = try context.body()
        guard let key = try body.string("key"), !key.isEmpty else {
            throw AdminError.invalid("key is required: the ARN, GCP resource name or Azure key URL.")
        }
        guard let accessible = try body.bool("accessible") else { throw AdminError.invalid("accessible (true or false) is required.") }
        context.store.setKeyAccessible(key, accessible: accessible)
        return Respond.json(200, ["key": .string(key), "accessible": .bool(accessible)])
    }

    static let durationFields: [(String, WritableKeyPath<Durations, Double> & Sendable)] = [
        ("deploy", \.deploy), ("cmekRedeploy", \.cmekRedeploy), ("scale", \.scale), ("destroy", \.destroy),
        ("turnOff", \.turnOff), ("turnOn", \.turnOn),
    ]

    static func durationsJSON(_ durations: Durations) -> JSONValue {
        .object(JSONObject(durationFields.map { ($0.0, JSONValue.double(durations[keyPath: $0.1])) }))
    }

    static func getDurations(_ context: RequestContext) throws -> HTTPResponse {
        Respond.json(200, durationsJSON(context.store.durations))
    }

    /// Changes durations for transitions started afterwards; omitted fields keep their value.
    static func setDurations(_ context: RequestContext) throws -> HTTPResponse {
        let body = try context.body()
        let known = Set(durationFields.map(\.0))
        if let unknown = body.object.keys.first(where: { !known.contains($0) }) {
            throw AdminError.invalid("unknown duration \"\(unknown)\"; use \(durationFields.map(\.0).joined(separator: ", ")).")
        }
        var durations = context.store.durations
        for (name, path) in durationFields {
            guard let seconds = try body.number(name) else { continue }
            guard seconds >= 0, seconds <= Durations.maximumSeconds else {
                throw AdminError.invalid("\(name) must be from 0 to \(Int(Durations.maximumSeconds)) seconds (100 years).")
            }
            durations[keyPath: path] = seconds
        }
        context.store.setDurations(durations)
        return Respond.json(200, durationsJSON(durations))
    }

    static func repairCluster(_ context: RequestContext) throws -> HTTPResponse {
        let cluster = try context.store.repairCluster(context.clusterID)
        return Respond.json(200, ["id": .string(cluster.id), "currentState": .string(cluster.currentState.rawValue)])
    }
}
