// The one catalogue of errors capella-mock returns. Each is rendered as Capella renders its errors:
// exactly {httpStatusCode, code, message, hint}. Status and code values follow the public spec and
// observed service behaviour; the wording is ours.

public struct CapellaError: Error, Sendable, Equatable, CustomStringConvertible {
    public var httpStatusCode: Int
    public var code: Int
    public var message: String
    public var hint: String
    /// Extra response headers (Retry-After on 429).
    public var headers: [String: String] = [:]

    public init(httpStatusCode: Int, code: Int, message: String, hint: String, headers: [String: String] = [:]) {
        self.httpStatusCode = httpStatusCode
        self.code = code
        self.message = message
        self.hint = hint
        self.headers = headers
    }

    public var description: String { "\(httpStatusCode)/\(code): \(message)" }
}

/// "an AWS key", "a GCP key", "an array": the article for a word in a message.
public func withArticle(_ word: String) -> String {
    guard let first = word.first else { return word }
    return ("AEIOUaeiou".contains(first) ? "an " : "a ") + word
}

extension CapellaError {
    static let malformedHint = "The request was malformed or invalid."

    // MARK: 400

    /// A body that is not JSON at all.
    public static func malformedJSON(_ detail: String) -> CapellaError {
        CapellaError(httpStatusCode: 400, code: 1000,
                     message: "Bad Request. Error: the request body is not valid JSON (\(detail)).",
                     hint: malformedHint)
    }

    /// A field whose JSON type is wrong, e.g. a number where a string belongs.
    public static func wrongJSONType(field: String, expected: String, got: String) -> CapellaError {
        CapellaError(httpStatusCode: 400, code: 1000,
                     message: "Bad Request. Error: field \"\(field)\" has the wrong JSON type: expected \(expected), got \(got).",
                     hint: malformedHint)
    }

    /// A path parameter that is not a UUID.
    public static func invalidPathID(name: String, value: String) -> CapellaError {
        CapellaError(httpStatusCode: 400, code: 1000,
                     message: "The server cannot or will not process the request due to something that is perceived to be a client error: \(name) \"\(value)\" is not a valid UUID.",
                     hint: "Please ensure that the request URL is valid and that the required parameters are provided in the request body.")
    }

    /// A bad query parameter (page, perPage).
    public static func invalidQuery(_ detail: String) -> CapellaError {
        CapellaError(httpStatusCode: 400, code: 1000,
                     message: "Bad Request. Error: \(detail)",
                     hint: malformedHint)
    }

    // MARK: 401 / 403

    public static let unauthorized = CapellaError(
        httpStatusCode: 401, code: 1001, message: "Unauthorized",
        hint: "The request is unauthorized. Please provide proper credentials (a Bearer API key token) in the Authorization header, and make sure your IP address is in the API key's allowed list.")

    public static let accessDenied = CapellaError(
        httpStatusCode: 403, code: 1002, message: "Access Denied.",
        hint: "Your access to the requested resource is denied. Please make sure you have the necessary permissions to access the resource.")

    // MARK: 404

    public static func notFound(_ what: String) -> CapellaError {
        CapellaError(httpStatusCode: 404, code: 3000,
                     message: "The server cannot find the resource: \(what).",
                     hint: "The server cannot find the resource. Please check the identifiers in the request URL.")
    }

    public static func projectNotFound(_ id: String) -> CapellaError {
        CapellaError(httpStatusCode: 404, code: 2000,
                     message: "Unable to find the project with ID \(id).",
                     hint: "Please check that the project ID is valid and try again.")
    }

    public static func clusterNotFound(_ id: String) -> CapellaError {
        CapellaError(httpStatusCode: 404, code: 4025,
                     message: "Unable to fetch the details for the cluster with ID \(id).",
                     hint: "Please check that the cluster ID is valid and try again.")
    }

    public static func keyNotFound(_ id: String) -> CapellaError {
        notFound("no CMEK key metadata with ID \(id) exists in this organization")
    }

    // MARK: 409 / 412

    public static func conflict(_ message: String, code: Int = 1010) -> CapellaError {
        CapellaError(httpStatusCode: 409, code: code, message: message,
                     hint: "The request conflicts with the current state of the resource.")
    }

    public static func preconditionFailed(current: Int, given: String) -> CapellaError {
        CapellaError(httpStatusCode: 412, code: 1012,
                     message: "The request precondition failed: If-Match \"\(given)\" does not match the current version \(current).",
                     hint: "Read the resource again and send its current ETag (\"Version: \(current)\" or \"\(current)\") in If-Match.")
    }

    // MARK: 422

    /// The generic 422 for a rule the request breaks.
    public static func unprocessable(_ message: String, hint: String = "The server can't process the content. Please correct the request and try again.", code: Int = 1005) -> CapellaError {
        CapellaError(httpStatusCode: 422, code: code, message: message, hint: hint)
    }

    /// 12003: the CMEK key configuration is missing or not a valid AWS, GCP or Azure key.
    public static func invalidKeyConfig(_ detail: String) -> CapellaError {
        CapellaError(httpStatusCode: 422, code: 12003,
                     message: "The key configuration is invalid: \(detail). It must hold AWS (arn), GCP (resourceName) or Azure (keyLocation and region) key metadata.",
                     hint: "Include a valid AWS, GCP or Azure key configuration in the request and try again.")
    }

    public static func clusterNotInProject(cluster: String, project: String) -> CapellaError {
        CapellaError(httpStatusCode: 422, code: 4031,
                     message: "The provided projectId \(project) is not valid for the cluster \(cluster).",
                     hint: "Please provide a valid projectId for the cluster.")
    }

    // MARK: 429 / 500

    public static func rateLimited(retryAfterSeconds: Int) -> CapellaError {
        CapellaError(httpStatusCode: 429, code: 1004,
                     message: "Too many requests. Please wait for the time given in the Retry-After header before trying again.",
                     hint: "The number of requests allowed per API key per minute has been exceeded. Retry after the number of seconds in the Retry-After header.",
                     headers: ["Retry-After": String(retryAfterSeconds)])
    }

    public static func internalError(_ detail: String) -> CapellaError {
        CapellaError(httpStatusCode: 500, code: 10000,
                     message: "An internal server error occurred: \(detail)",
                     hint: "Something went wrong on our end. Please try again; if it persists, report it.")
    }
}
