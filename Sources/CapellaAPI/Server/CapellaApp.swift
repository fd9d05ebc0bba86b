// The HTTP handler: route → authenticate (401) → path ids (400) → authorize (403) → handler,
// which decodes the body (400/422) and calls the store (404/409/412/422). Every Capella error
// is rendered one way; anything unexpected is a 500 and the server carries on.

#if canImport(Glibc)
import Glibc
#endif
import CapellaDomain
import Dispatch
import MockHTTP

public final class CapellaApp: HTTPHandler {
    let environment: AppEnvironment
    let router: Router
    private let requestIDs = RequestIDs()

    public convenience init(environment: AppEnvironment) {
        self.init(environment: environment, routes: RouteTable.all(adminEnabled: environment.options.adminEnabled))
    }

    init(environment: AppEnvironment, routes: [Route]) {
        self.environment = environment
        self.router = Router(routes: routes)
    }

    public func handle(_ request: HTTPRequest, responder: any HTTPResponder) {
        let started = Self.monotonicNanos()
        let requestID = request.headers["X-Request-Id"].flatMap { $0.isEmpty || $0.count > 200 ? nil : $0 }
            ?? requestIDs.next()
        let isAdmin = request.path.hasPrefix("/_mock")
        // Fault rules apply to the API, never to the admin calls that manage them.
        let fault = isAdmin ? nil : environment.faults.effect(method: request.method, path: request.path)
        var response: HTTPResponse
        var operation: String?
        switch fault?.answer {
        case .error(let error)?:
            response = Respond.error(error)
            operation = operationID(of: request)
        case .close?:
            response = HTTPResponse(status: 0)
            operation = operationID(of: request)
        case nil:
            (response, operation) = respond(to: request)
        }
        let aborted = fault?.answer == .close
        response.headers.set("Date", HTTPDate.format(environment.store.clock.now()))
        response.headers.set("X-Request-Id", requestID)
        if !isAdmin {
            environment.journal.record(time: environment.store.clock.now(), method: request.method, path: request.path,
                                       query: request.query, operation: operation, status: response.status,
                                       aborted: aborted, requestID: requestID, requestBody: request.body,
                                       responseBody: response.body)
        }
        environment.logger.request(Logger.RequestRecord(
            method: request.method, path: request.path, status: aborted ? 0 : response.status,
            durationMs: Double(Self.monotonicNanos() - started) / 1e6, requestID: requestID, operation: operation))
        let deliver: @Sendable () -> Void = { [response] in
            if aborted { responder.abort() } else { responder.send(response) }
        }
        if let delay = fault?.delayMilliseconds, delay > 0 {
            DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(delay), execute: deliver)
        } else {
            deliver()
        }
    }

    private func operationID(of request: HTTPRequest) -> String? {
        if case .matched(let route, _) = router.resolve(method: request.method, path: request.path) { return route.operationID }
        return nil
    }

    /// Refuses a request with bad credentials before its body is read (for `Expect: 100-continue`).
    public func screen(_ head: HTTPRequestHead) -> HTTPResponse? {
        let path = head.target.split(separator: "?", maxSplits: 1).first.map(String.init) ?? head.target
        guard case .matched(let route, _) = router.resolve(method: head.method, path: path), !route.access.isPublic else {
            return nil
        }
        do {
            _ = try authenticate(token: Authentication.bearerToken(head.headers["Authorization"]), remoteAddress: head.remoteAddress)
            return nil
        } catch {
            return Respond.error(error)
        }
    }

    func respond(to request: HTTPRequest) -> (HTTPResponse, String?) {
        switch router.resolve(method: request.method, path: request.path) {
        case .notFound:
            let isAPI = request.path == "/v4" || request.path.hasPrefix("/v4/") || request.path.hasPrefix("/_mock")
            return (isAPI ? Respond.notFoundText : Respond.notFoundHTML, nil)
        case .methodNotAllowed(let allowed):
            var response = Respond.empty(405)
            response.headers.set("Allow", allowed.joined(separator: ", "))
            return (response, nil)
        case .matched(let route, let captures):
            do {
                let context = try prepare(route: route, captures: captures, request: request)
                return (try route.handler(context), route.operationID)
            } catch let error as CapellaError {
                return (Respond.error(error), route.operationID)
            } catch {
                environment.logger.event("unexpected error in \(route.operationID): \(error)", level: .error)
                return (Respond.error(.internalError("the request could not be completed.")), route.operationID)
            }
        }
    }

    /// 401 for credentials, 429 over the key's rate limit, then 400 for malformed path ids, then
    /// 403 for the organization and roles.
    private func prepare(route: Route, captures: PathParameters, request: HTTPRequest) throws(CapellaError) -> RequestContext {
        if route.access.isPublic {
            let parameters = try PathIdentifiers.validate(captures)
            return RequestContext(request: request, parameters: parameters, caller: nil, environment: environment)
        }
        let caller = try authenticate(token: Authentication.bearerToken(request.headers["Authorization"]),
                                      remoteAddress: request.remoteAddress)
        if let retryAfter = environment.rateLimiter.admit(keyID: caller.id, at: environment.store.clock.now()) {
            throw CapellaError.rateLimited(retryAfterSeconds: retryAfter)
        }
        let parameters = try PathIdentifiers.validate(captures)
        try Authorization.check(route.access, caller: caller, parameters: parameters)
        return RequestContext(request: request, parameters: parameters, caller: caller, environment: environment)
    }

    private func authenticate(token: String?, remoteAddress: String) throws(CapellaError) -> APIKey {
        try environment.store.read { state, context throws(CapellaError) in
            try Authentication.caller(token: token, remoteAddress: remoteAddress, state: state, now: context.now)
        }
    }

    private static func monotonicNanos() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }
}
