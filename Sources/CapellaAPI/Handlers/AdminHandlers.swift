// The test-control API under /_mock (no token). See DESIGN §4.

import CapellaDomain
import MockHTTP
import MockJSON

enum AdminHandlers {
    static func health(_ context: RequestContext) throws -> HTTPResponse {
        Respond.json(200, ["status": "ok", "version": .string(CapellaMockVersion.current)])
    }

    /// The OpenAPI document of everything served (embedded from openapi/capella-mock.yaml).
    static func openAPI(_ context: RequestContext) throws -> HTTPResponse {
        HTTPResponse(status: 200, headers: HTTPHeaders([("Content-Type", "application/yaml")]),
                     body: Array(OpenAPIDocument.yaml.utf8))
    }

    static func clock(_ context: RequestContext) throws -> HTTPResponse {
        Respond.json(200, ["now": .string(context.store.clock.now().rfc3339), "timeScale": .double(context.store.clock.timeScale)])
    }

    /// Moves simulated time; every transition due by the new time has happened on return.
    static func advanceClock(_ context: RequestContext) throws -> HTTPResponse {
        let body = try context.body()
        guard let seconds = try body.number("seconds") else {
            throw CapellaError.invalidQuery("the body must be {\"seconds\": N} with N ≥ 0.")
        }
        guard seconds >= 0, seconds <= Durations.maximumSeconds else {
            throw CapellaError.invalidQuery("seconds must be between 0 and 100 years; got \(seconds).")
        }
        let latest = SimTime.latestSupported
        guard context.store.clock.now().adding(seconds: seconds) <= latest else {
            throw CapellaError.invalidQuery("the simulated clock cannot pass \(latest.rfc3339); it is \(context.store.clock.now().rfc3339).")
        }
        let now = context.store.advanceClock(by: seconds)
        return Respond.json(200, ["now": .string(now.rfc3339)])
    }

    /// Back to the start state (the seed), with fault rules, duration changes, KMS overrides,
    /// rate-limit windows and the journal cleared.
    static func reset(_ context: RequestContext) throws -> HTTPResponse {
        context.store.reset()
        context.environment.rateLimiter.reset()
        context.environment.faults.clear()
        context.environment.journal.clear()
        return Respond.empty(204)
    }
}
