// Fault rules for requests: a rule matches a method (optional) and a path pattern, and answers
// with an error status, closes the connection without an answer, and/or delays the answer. A
// rule may be limited to the next N matching calls. Rules are tried in the order they were added;
// the first that matches is used. (Planted transition failures live in the store.)

import CapellaDomain
import Synchronization

final class RequestFaults: Sendable {
    enum Answer: Sendable, Equatable {
        /// Answer with this error instead of running the request.
        case error(CapellaError)
        /// Close the connection without any answer.
        case close
    }

    struct Rule: Sendable, Equatable {
        var id: String
        var method: String?
        var path: PathPattern
        var answer: Answer?
        var delayMilliseconds: Int?
        /// Matches left; nil = every matching call.
        var remaining: Int?
    }

    /// What to do with one request.
    struct Effect: Sendable {
        var ruleID: String
        var answer: Answer?
        var delayMilliseconds: Int?
    }

    private let rules = Mutex<[Rule]>([])

    func add(_ rule: Rule) {
        rules.withLock { $0.append(rule) }
    }

    var all: [Rule] { rules.withLock { $0 } }

    @discardableResult
    func remove(id: String) -> Bool {
        rules.withLock { rules in
            guard let index = rules.firstIndex(where: { $0.id == id }) else { return false }
            rules.remove(at: index)
            return true
        }
    }

    func clear() {
        rules.withLock { $0.removeAll() }
    }

    /// The effect for a request, using up one of the rule's remaining matches.
    func effect(method: String, path: String) -> Effect? {
        rules.withLock { rules -> Effect? in
            guard let index = rules.firstIndex(where: { rule in
                (rule.method == nil || rule.method == method) && rule.path.matches(path)
            }) else { return nil }
            let rule = rules[index]
            if let remaining = rule.remaining {
                if remaining <= 1 { rules.remove(at: index) } else { rules[index].remaining = remaining - 1 }
            }
            return Effect(ruleID: rule.id, answer: rule.answer, delayMilliseconds: rule.delayMilliseconds)
        }
    }
}

extension CapellaError {
    /// The Capella code that goes with each status, for injected errors that do not name one.
    static func defaultCode(forStatus status: Int) -> Int {
        switch status {
        case 400: return 1000
        case 401: return 1001
        case 403: return 1002
        case 404: return 3000
        case 409: return 1010
        case 412: return 1012
        case 422: return 1005
        case 429: return 1004
        case 500: return 10000
        case 501: return 1011
        case 503: return 1007
        case 504: return 1002  // the code Capella's spec gives its 504 example
        default: return status
        }
    }

    /// An injected error with Capella's usual wording for the status, unless the rule gives its own.
    static func injected(status: Int, code: Int?, message: String?, hint: String?, retryAfter: Int?) -> CapellaError {
        var error: CapellaError
        switch status {
        case 401: error = .unauthorized
        case 403: error = .accessDenied
        case 429: error = .rateLimited(retryAfterSeconds: retryAfter ?? 60)
        case 500: error = .internalError("the request could not be completed.")
        default:
            error = CapellaError(httpStatusCode: status, code: defaultCode(forStatus: status),
                                 message: "The request failed with status \(status).",
                                 hint: "This failure was injected by capella-mock's fault rules (GET /_mock/faults).")
        }
        error.httpStatusCode = status
        if let code { error.code = code }
        if let message { error.message = message }
        if let hint { error.hint = hint }
        if let retryAfter { error.headers["Retry-After"] = String(retryAfter) }
        return error
    }
}
