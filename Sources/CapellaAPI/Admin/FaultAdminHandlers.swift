// POST/GET/DELETE /_mock/faults: request rules (status, close, delay; optionally for the next N
// calls) and planted transition failures ({"cluster", "outcome"}).

import CapellaDomain
import MockHTTP
import MockJSON

enum FaultAdminHandlers {
    static let requestFields: Set<String> = ["method", "path", "status", "code", "message", "hint", "retryAfter", "delayMs", "close", "times"]
    static let transitionFields: Set<String> = ["cluster", "outcome"]

    static func add(_ context: RequestContext) throws -> HTTPResponse {
        let body = try context.body()
        let keys = Set(body.object.keys)
        if let unknown = keys.subtracting(requestFields).subtracting(transitionFields).sorted().first {
            throw AdminError.invalid("unknown field \"\(unknown)\"; a request rule takes \(requestFields.sorted().joined(separator: ", ")) and a transition rule takes cluster and outcome.")
        }
        if !keys.isDisjoint(with: transitionFields) {
            guard keys.isSubset(of: transitionFields) else {
                throw AdminError.invalid("a rule is either a request rule (path …) or a transition rule (cluster, outcome), not both.")
            }
            return try addTransitionFault(body, context)
        }
        return try addRequestFault(body, context)
    }

    private static func addTransitionFault(_ body: JSONBody, _ context: RequestContext) throws -> HTTPResponse {
        guard let cluster = try body.string("cluster"), cluster == TransitionFault.anyCluster || Identifier.isUUID(cluster) else {
            throw AdminError.invalid("cluster must be a cluster id or \"*\".")
        }
        guard let name = try body.string("outcome"), let outcome = ClusterState(rawValue: name),
              TransitionFault.kinds[outcome] != nil else {
            throw AdminError.invalid("outcome must be one of \(TransitionFault.kinds.keys.map(\.rawValue).sorted().joined(separator: ", ")).")
        }
        let fault = try context.store.addTransitionFault(clusterID: cluster.lowercased(), outcome: outcome)
        return Respond.created(201, id: fault.id)
    }

    private static func addRequestFault(_ body: JSONBody, _ context: RequestContext) throws -> HTTPResponse {
        guard let pathText = try body.string("path"), let path = PathPattern(pathText) else {
            throw AdminError.invalid("path is required and must start with \"/\" (a path, a route template such as /v4/organizations/{organizationId}/cmek, or a glob with * and **).")
        }
        var method: String?
        if let text = try body.string("method") {
            guard !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isLetter }) else { throw AdminError.invalid("method must be an HTTP method such as GET.") }
            method = text.uppercased()
        }
        let status = try body.int("status")
        let close = try body.bool("close") ?? false
        let delay = try body.int("delayMs")
        let times = try body.int("times")
        if let status, !(400...599).contains(status) { throw AdminError.invalid("status must be an error status from 400 to 599.") }
        if status != nil && close { throw AdminError.invalid("a rule answers with a status or closes the connection, not both.") }
        if let delay, !(0...600_000).contains(delay) { throw AdminError.invalid("delayMs must be from 0 to 600000.") }
        guard status != nil || close || delay != nil else {
            throw AdminError.invalid("a request rule needs status, close: true or delayMs.")
        }
        if status == nil && keysPresent(body, ["code", "message", "hint", "retryAfter"]) {
            throw AdminError.invalid("code, message, hint and retryAfter go with status.")
        }
        if let times, times < 1 { throw AdminError.invalid("times must be at least 1 (leave it out for every call).") }
        let retryAfter = try body.int("retryAfter")
        if let retryAfter, retryAfter < 0 { throw AdminError.invalid("retryAfter must be 0 or more seconds.") }
        var answer: RequestFaults.Answer?
        if let status {
            answer = .error(.injected(status: status, code: try body.int("code"), message: try body.string("message"),
                                      hint: try body.string("hint"), retryAfter: retryAfter))
        } else if close {
            answer = .close
        }
        let rule = RequestFaults.Rule(id: Identifier.newUUID(), method: method, path: path, answer: answer,
                                      delayMilliseconds: delay, remaining: times)
        context.environment.faults.add(rule)
        return Respond.created(201, id: rule.id)
    }

    private static func keysPresent(_ body: JSONBody, _ keys: [String]) -> Bool {
        keys.contains { body.has($0) }
    }

    static func list(_ context: RequestContext) throws -> HTTPResponse {
        let requests = context.environment.faults.all.map(json)
        let transitions = context.store.transitionFaults.map { fault -> JSONValue in
            ["id": .string(fault.id), "cluster": .string(fault.clusterID), "outcome": .string(fault.outcome.rawValue)]
        }
        return Respond.json(200, ["data": .array(requests + transitions)])
    }

    static func removeAll(_ context: RequestContext) throws -> HTTPResponse {
        context.environment.faults.clear()
        context.store.clearTransitionFaults()
        return Respond.empty(204)
    }

    static func remove(_ context: RequestContext) throws -> HTTPResponse {
        let id = context.parameter("faultId")
        guard context.environment.faults.remove(id: id) || context.store.removeTransitionFault(id: id) else {
            throw CapellaError.notFound("no fault rule with ID \(id)")
        }
        return Respond.empty(204)
    }

    private static func json(_ rule: RequestFaults.Rule) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [("id", .string(rule.id))]
        if let method = rule.method { members.append(("method", .string(method))) }
        members.append(("path", .string(rule.path.text)))
        switch rule.answer {
        case .error(let error)?:
            members += [("status", .int(error.httpStatusCode)), ("code", .int(error.code)),
                        ("message", .string(error.message)), ("hint", .string(error.hint))]
            if let retryAfter = error.headers["Retry-After"] { members.append(("retryAfter", .int(Int(retryAfter) ?? 0))) }
        case .close?:
            members.append(("close", true))
        case nil:
            break
        }
        if let delay = rule.delayMilliseconds { members.append(("delayMs", .int(delay))) }
        if let remaining = rule.remaining { members.append(("times", .int(remaining))) }
        return .object(JSONObject(members))
    }
}

/// Bad input to the admin API: 400 with a message, in Capella's error shape.
enum AdminError {
    static func invalid(_ message: String) -> CapellaError {
        CapellaError(httpStatusCode: 400, code: 1000, message: "Bad admin request: \(message)",
                     hint: "See the admin API in the README (or GET /_mock/openapi.yaml).")
    }
}
