// Command-line flags and CAPELLA_MOCK_* environment variables (DESIGN §3). Flags win over the
// environment; a flag given twice takes its last value. Every bad value is one clear line.

import CapellaDomain

public enum CapellaMockVersion {
    public static let current = "0.1.0"
}

public struct Options: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    public var token: String?
    /// Start from this snapshot file (and reset to it).
    public var seedFile: String?
    /// Keep the state in this file: loaded at start, rewritten after every change.
    public var stateFile: String?
    public var organizationID: String?
    public var timeScale = 60.0
    public var logLevel = LogLevel.info
    public var logFormat = LogFormat.text
    public var adminEnabled = true
    /// Requests per minute per API key; 0 = no limit.
    public var rateLimit = 0
    /// How many requests the journal keeps (GET /_mock/requests).
    public var journalSize = 1000
    /// HTTPS with this certificate and key (PEM files)…
    public var tlsCertificateFile: String?
    public var tlsKeyFile: String?
    /// …or with a fresh self-signed certificate for localhost, 127.0.0.1 and ::1.
    public var tlsSelfSigned = false
    /// Where to write the serving certificate (PEM) so clients can trust it.
    public var tlsCertificateOut: String?
    /// Real seconds an idle keep-alive connection may sit before the server closes it.
    public var idleTimeout = 60.0
    /// Real seconds a request (head and body) may take from its first byte (then 408).
    public var headTimeout = 10.0

    public var usesTLS: Bool { tlsSelfSigned || tlsCertificateFile != nil }
    public var durations = Durations()
    public var showHelp = false
    public var showVersion = false

    public init() {}

    public struct Invalid: Error, CustomStringConvertible {
        public var description: String
    }

    public static func parse(_ arguments: [String], environment: [String: String] = [:]) throws(Invalid) -> Options {
        // Flags first, so that an environment variable is not even read when its flag is given
        // (a bad CAPELLA_MOCK_PORT does not matter next to --port).
        var given: [(spec: Spec, value: String, shown: String)] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("--") else { throw Invalid(description: "unexpected argument \"\(argument)\" (see --help)") }
            var name = argument
            var inlineValue: String?
            if let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            }
            guard let spec = specs.first(where: { $0.flag == name }) else {
                throw Invalid(description: "unknown flag \(name) (see --help)")
            }
            if spec.takesValue {
                let value: String
                if let inlineValue {
                    value = inlineValue
                } else {
                    guard index < arguments.count else { throw Invalid(description: "\(name) needs a value (see --help)") }
                    value = arguments[index]
                    index += 1
                }
                given.append((spec, value, "\(name) \(value)"))
            } else {
                guard inlineValue == nil else { throw Invalid(description: "\(name) takes no value") }
                given.append((spec, "", name))
            }
        }
        var options = Options()
        let flagged = Set(given.compactMap(\.spec.flag))
        for spec in specs {
            guard let variable = spec.environment, let value = environment[variable] else { continue }
            if let flag = spec.flag, flagged.contains(flag) { continue }
            try spec.apply(&options, value, "\(variable)=\(value)")
        }
        for (spec, value, shown) in given {
            try spec.apply(&options, value, shown)
        }
        try options.checkTLS()
        return options
    }

    /// The TLS settings must make sense together.
    private func checkTLS() throws(Invalid) {
        if (tlsCertificateFile == nil) != (tlsKeyFile == nil) {
            throw Invalid(description: "--tls-cert and --tls-key go together: give both PEM files")
        }
        if tlsSelfSigned && tlsCertificateFile != nil {
            throw Invalid(description: "--tls-self-signed and --tls-cert exclude each other: choose one")
        }
        if tlsCertificateOut != nil && !usesTLS {
            throw Invalid(description: "--tls-cert-out needs --tls-self-signed (or --tls-cert and --tls-key)")
        }
    }

    // MARK: Flag table

    private struct Spec: Sendable {
        /// nil for a setting that only has an environment form.
        var flag: String?
        var environment: String?
        var takesValue: Bool
        var help: String
        var apply: @Sendable (inout Options, String, String) throws(Invalid) -> Void
    }

    /// A million simulated seconds (11.6 days) per real second is plenty for any test.
    static let maximumTimeScale = 1_000_000.0

    private static func number(_ text: String, _ shown: String, atLeast minimum: Double) throws(Invalid) -> Double {
        guard let value = Double(text), value.isFinite, value >= minimum else {
            throw Invalid(description: "\(shown): expected a number ≥ \(minimum == 0 ? "0" : String(minimum))")
        }
        return value
    }

    /// Connection timeouts are real seconds: 0.1 s to a day.
    static let timeoutRange = 0.1...86_400.0

    private static func timeout(_ text: String, _ shown: String) throws(Invalid) -> Double {
        guard let value = Double(text), value.isFinite, timeoutRange.contains(value) else {
            throw Invalid(description: "\(shown): expected a number of seconds from 0.1 to 86400")
        }
        return value
    }

    private static func duration(_ flag: String, _ help: String, _ path: WritableKeyPath<Durations, Double> & Sendable) -> Spec {
        Spec(flag: flag, environment: nil, takesValue: true, help: help) { (o: inout Options, v: String, s: String) throws(Invalid) in
            let seconds = try number(v, s, atLeast: 0)
            guard seconds <= Durations.maximumSeconds else {
                throw Invalid(description: "\(s): at most \(Int(Durations.maximumSeconds)) seconds (100 years)")
            }
            o.durations[keyPath: path] = seconds
        }
    }

    private static let specs: [Spec] = [
        Spec(flag: "--host", environment: "CAPELLA_MOCK_HOST", takesValue: true, help: "address to bind (default 127.0.0.1)") {
            (o: inout Options, v: String, s: String) throws(Invalid) in
            guard !v.isEmpty else { throw Invalid(description: "\(s): the address must not be empty") }
            o.host = v
        },
        Spec(flag: "--port", environment: "CAPELLA_MOCK_PORT", takesValue: true, help: "port (default 8080; 0 picks a free one)") {
            (o: inout Options, v: String, s: String) throws(Invalid) in
            guard let port = Int(v), (0...65_535).contains(port) else {
                throw Invalid(description: "\(s): expected a port number from 0 to 65535")
            }
            o.port = port
        },
        Spec(flag: "--token", environment: "CAPELLA_MOCK_TOKEN", takesValue: true,
             help: "token of the seeded Organization Owner key (default: generated)") {
            (o: inout Options, v: String, s: String) throws(Invalid) in
            guard !v.isEmpty, !v.contains(where: { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }) else {
                throw Invalid(description: "\(s.split(separator: " ").first ?? "--token"): the token must be non-empty and contain no spaces")
            }
            o.token = v
        },
        Spec(flag: "--org-id", environment: "CAPELLA_MOCK_ORG_ID", takesValue: true, help: "id of the seeded organization (a UUID; default: generated)") {
            (o: inout Options, v: String, s: String) throws(Invalid) in
            guard let id = Identifier.canonicalUUID(v) else { throw Invalid(description: "\(s): expected a UUID") }
            o.organizationID = id
        },
        Spec(flag: "--seed", environment: "CAPELLA_MOCK_SEED", takesValue: true,
             help: "start from this state file (same JSON as GET /_mock/state); reset returns to it") {
            (o: inout Options, v: String, s: String) throws(Invalid) in
            guard !v.isEmpty else { throw Invalid(description: "\(s): a file name is needed") }
            o.seedFile = v
        },
        Spec(flag: "--state-file", environment: "CAPELLA_MOCK_STATE_FILE", takesValue: true,
             help: "keep the state in this file: loaded at start, saved after every change") {
            (o: inout Options, v: String, s: String) throws(Invalid) in
            guard !v.isEmpty else { throw Invalid(description: "\(s): a file name is needed") }
            o.stateFile = v
        },
        Spec(flag: "--time-scale", environment: "CAPELLA_MOCK_TIME_SCALE", takesValue: true,
             help: "simulated seconds per real second (default 60; 0 freezes the clock)") {
            (o: inout Options, v: String, s: String) throws(Invalid) in
            let scale = try number(v, s, atLeast: 0)
            guard scale <= maximumTimeScale else {
                throw Invalid(description: "\(s): at most \(Int(maximumTimeScale)) simulated seconds per real second")
            }
            o.timeScale = scale
        },
        Spec(flag: "--log-level", environment: "CAPELLA_MOCK_LOG_LEVEL", takesValue: true, help: "debug, info, warn or error (default info)") {
            (o: inout Options, v: String, s: String) throws(Invalid) in
            guard let level = LogLevel(rawValue: v) else { throw Invalid(description: "\(s): expected debug, info, warn or error") }
            o.logLevel = level
        },
        Spec(flag: "--log-format", environment: "CAPELLA_MOCK_LOG_FORMAT", takesValue: true, help: "text or json (default text)") {
            (o: inout Options, v: String, s: String) throws(Invalid) in
            guard let format = LogFormat(rawValue: v) else { throw Invalid(description: "\(s): expected text or json") }
            o.logFormat = format
        },
        Spec(flag: "--no-admin", environment: nil, takesValue: false, help: "turn off /_mock/* except /_mock/health") {
            (o: inout Options, _: String, _: String) throws(Invalid) in
            o.adminEnabled = false
        },
        Spec(flag: nil, environment: "CAPELLA_MOCK_ADMIN", takesValue: true, help: "") {
            (o: inout Options, v: String, s: String) throws(Invalid) in
            switch v {
            case "on": o.adminEnabled = true
            case "off": o.adminEnabled = false
            default: throw Invalid(description: "\(s): expected on or off")
            }
        },
        Spec(flag: "--rate-limit", environment: "CAPELLA_MOCK_RATE_LIMIT", takesValue: true,
             help: "requests per minute per API key, as Capella (100); 0 = off (default)") {
            (o: inout Options, v: String, s: String) throws(Invalid) in
            guard let limit = Int(v), limit >= 0 else { throw Invalid(description: "\(s): expected a whole number ≥ 0") }
            o.rateLimit = limit
        },
        Spec(flag: "--tls-cert", environment: "CAPELLA_MOCK_TLS_CERT", takesValue: true,
             help: "serve HTTPS with this certificate (PEM; with --tls-key)") {
            (o: inout Options, v: String, s: String) throws(Invalid) in
            guard !v.isEmpty else { throw Invalid(description: "\(s): a file name is needed") }
            o.tlsCertificateFile = v
        },
        Spec(flag: "--tls-key", environment: "CAPELLA_MOCK_TLS_KEY", takesValue: true, help: "the certificate's private key (PEM)") {
            (o: inout Options, v: String, s: String) throws(Invalid) in
            guard !v.isEmpty else { throw Invalid(description: "\(s): a file name is needed") }
            o.tlsKeyFile = v
        },
        Spec(flag: "--tls-self-signed", environment: nil, takesValue: false,
             help: "serve HTTPS with a fresh self-signed certificate for localhost, 127.0.0.1 and ::1") {
            (o: inout Options, _: String, _: String) throws(Invalid) in
            o.tlsSelfSigned = true
        },
        Spec(flag: nil, environment: "CAPELLA_MOCK_TLS_SELF_SIGNED", takesValue: true, help: "") {
            (o: inout Options, v: String, s: String) throws(Invalid) in
            switch v {
            case "on", "true", "1": o.tlsSelfSigned = true
            case "off", "false", "0": o.tlsSelfSigned = false
            default: throw Invalid(description: "\(s): expected on or off")
            }
        },
        Spec(flag: "--tls-cert-out", environment: "CAPELLA_MOCK_TLS_CERT_OUT", takesValue: true,
             help: "write the serving certificate (PEM) here, for clients to trust") {
            (o: inout Options, v: String, s: String) throws(Invalid) in
            guard !v.isEmpty else { throw Invalid(description: "\(s): a file name is needed") }
            o.tlsCertificateOut = v
        },
        Spec(flag: "--journal-size", environment: "CAPELLA_MOCK_JOURNAL_SIZE", takesValue: true,
             help: "requests kept in the journal, GET /_mock/requests (default 1000)") {
            (o: inout Options, v: String, s: String) throws(Invalid) in
            guard let size = Int(v), (1...1_000_000).contains(size) else {
                throw Invalid(description: "\(s): expected a whole number from 1 to 1000000")
            }
            o.journalSize = size
        },
        Spec(flag: "--idle-timeout", environment: "CAPELLA_MOCK_IDLE_TIMEOUT", takesValue: true,
             help: "real seconds an idle keep-alive connection stays open (default 60)") {
            (o: inout Options, v: String, s: String) throws(Invalid) in
            o.idleTimeout = try timeout(v, s)
        },
        Spec(flag: "--head-timeout", environment: "CAPELLA_MOCK_HEAD_TIMEOUT", takesValue: true,
             help: "real seconds a request may take from its first byte; then 408 (default 10)") {
            (o: inout Options, v: String, s: String) throws(Invalid) in
            o.headTimeout = try timeout(v, s)
        },
        duration("--deploy-seconds", "simulated seconds a deploy takes (default 600)", \.deploy),
        duration("--cmek-redeploy-seconds", "simulated seconds a CMEK redeploy takes (default 420)", \.cmekRedeploy),
        duration("--scale-seconds", "simulated seconds a scale takes (default 300)", \.scale),
        duration("--destroy-seconds", "simulated seconds a destroy takes (default 120)", \.destroy),
        duration("--turn-off-seconds", "simulated seconds turning off takes (default 180)", \.turnOff),
        duration("--turn-on-seconds", "simulated seconds turning on takes (default 180)", \.turnOn),
        Spec(flag: "--version", environment: nil, takesValue: false, help: "print the version and exit") {
            (o: inout Options, _: String, _: String) throws(Invalid) in
            o.showVersion = true
        },
        Spec(flag: "--help", environment: nil, takesValue: false, help: "print this help and exit") {
            (o: inout Options, _: String, _: String) throws(Invalid) in
            o.showHelp = true
        },
    ]

    public static var usage: String {
        var text = """
            capella-mock \(CapellaMockVersion.current): a local Couchbase Capella Management API v4 (CMEK, clusters, projects)

            Usage: capella-mock [flags]

            Flags (each also read from its environment variable; flags win):

            """
        for spec in specs {
            guard let name = spec.flag else { continue }
            let flag = spec.takesValue ? "\(name) VALUE" : name
            let env = spec.environment.map { "  [\($0)]" } ?? ""
            text += "  " + flag.padding(toLength: 28) + spec.help + env + "\n"
        }
        text += "  CAPELLA_MOCK_ADMIN=off is the environment form of --no-admin, CAPELLA_MOCK_TLS_SELF_SIGNED=on of --tls-self-signed.\n"
        return text
    }
}

public enum LogLevel: String, Sendable, Comparable {
    case debug, info, warn, error

    private var rank: Int {
        switch self {
        case .debug: return 0
        case .info: return 1
        case .warn: return 2
        case .error: return 3
        }
    }

    public static func < (a: LogLevel, b: LogLevel) -> Bool { a.rank < b.rank }
}

public enum LogFormat: String, Sendable {
    case text, json
}

extension String {
    func padding(toLength length: Int) -> String {
        count >= length ? self + " " : self + String(repeating: " ", count: length - count)
    }
}
