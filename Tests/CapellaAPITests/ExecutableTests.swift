// The capella-mock executable as a user runs it: a real subprocess, its output and exit codes.

import Foundation
import Testing
import MockJSON

/// The built executable, next to this test binary in the build folder.
let executableURL: URL = {
    let testBinary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    var folder = testBinary.deletingLastPathComponent()
    // Linux test bundles are folders (name.xctest/...) on some toolchains; walk up to the build folder.
    while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("capella-mock").path), folder.path != "/" {
        folder = folder.deletingLastPathComponent()
    }
    return folder.appendingPathComponent("capella-mock")
}()

/// A started capella-mock process.
final class MockProcess {
    let process = Process()
    private let output = Pipe()
    private let errors = Pipe()
    private(set) var banner: [String] = []
    private let exited = DispatchSemaphore(value: 0)

    init(_ arguments: [String], environment: [String: String] = [:]) throws {
        process.executableURL = executableURL
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("CAPELLA_MOCK_") }
        env.merge(environment) { $1 }
        process.environment = env
        process.standardOutput = output
        process.standardError = errors
        process.terminationHandler = { [exited] _ in exited.signal() }
        try process.run()
    }

    /// Reads the three banner lines (or whatever arrives before the process exits).
    func readBanner() -> [String] {
        var text = ""
        let handle = output.fileHandleForReading
        while text.components(separatedBy: "\n").count < 4 {
            let data = handle.availableData
            if data.isEmpty { break }
            text += String(decoding: data, as: UTF8.self)
        }
        banner = text.split(separator: "\n").map(String.init)
        return banner
    }

    /// Waits (at most 10 s) until the server's log on standard error contains `text`.
    func waitForLog(containing text: String) -> Bool {
        let handle = errors.fileHandleForReading
        let deadline = Date().addingTimeInterval(10)
        while !log.contains(text) {
            guard Date() < deadline else { return false }
            let data = handle.availableData
            if data.isEmpty { return false }
            log += String(decoding: data, as: UTF8.self)
        }
        return true
    }

    private(set) var log = ""

    var port: Int? {
        banner.first.flatMap { $0.split(separator: ":").last }.flatMap { Int($0) }
    }

    /// Sends `signal` and returns the exit status; -1 if the process had to be killed because it
    /// did not exit within 10 seconds (so a hang fails the test instead of hanging the suite).
    func stop(signal: Int32 = SIGTERM) -> Int32 {
        kill(process.processIdentifier, signal)
        let status = waitForTermination()
        if status != 0 && signal != SIGKILL {
            // Show what the server said (a crash report, say) next to the failing expectation.
            let said = log + String(decoding: errors.fileHandleForReading.availableData, as: UTF8.self)
            print("capella-mock \(process.arguments ?? []) exited with \(status); its standard error:\n\(said.suffix(6000))")
        }
        return status
    }

    /// The exit status, waiting at most 10 s (then killing it: -1). Safe to call more than once.
    private func waitForTermination() -> Int32 {
        if let finished { return finished }
        var status: Int32 = -1
        if exited.wait(timeout: .now() + 10) == .timedOut {
            kill(process.processIdentifier, SIGKILL)
            exited.wait()
        } else {
            process.waitUntilExit()
            status = process.terminationStatus
        }
        finished = status
        return status
    }

    private var finished: Int32?

    func waitForExit() -> (status: Int32, stdout: String, stderr: String) {
        let status = waitForTermination()
        let out = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let err = log + String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return (status, out, err)
    }
}

@Suite struct ExecutableTests {
    @Test func printsWhereItListensThenServesAndStopsOnSIGTERM() throws {
        let org = "0f9d5a4c-7b7e-4c55-9a1e-1d2e3f405162"
        let mock = try MockProcess(["--port", "0", "--time-scale", "0", "--token", "cli-token", "--org-id", org])
        let banner = mock.readBanner()
        #expect(banner.count == 3)
        #expect(banner.first?.hasPrefix("capella-mock listening on http://127.0.0.1:") == true)
        #expect(banner.dropFirst().first == "organization id: \(org)")
        #expect(banner.last == "token: cli-token")
        let port = try #require(mock.port)
        #expect(port > 0)

        let client = try TestClient(port: port, token: "cli-token")
        #expect(try client.get("/_mock/health").status == 200)
        #expect(try client.get("/v4/organizations/\(org)/cmek").status == 200)
        #expect(mock.stop() == 0)
    }

    /// Regression: the banner used to appear before the signal handlers were in place, so a
    /// SIGTERM sent right after it could be dropped and the server never exited.
    @Test func sigtermRightAfterTheBannerStopsIt() throws {
        for _ in 0..<10 {
            let mock = try MockProcess(["--port", "0"])
            #expect(mock.readBanner().count == 3)
            #expect(mock.stop() == 0)
        }
    }

    /// SIGTERM while a request is still arriving: the request completes and gets its answer,
    /// new connections are refused, and the process exits 0.
    @Test func sigtermLetsAnInFlightRequestFinish() throws {
        let mock = try MockProcess(["--port", "0", "--token", "t"])
        _ = mock.readBanner()
        let port = try #require(mock.port)
        let organizations = try TestClient(port: port, token: "t").get("/v4/organizations")
        let org = try #require(organizations["data"]?.arrayValue?.first?["id"]?.stringValue)
        let body = "{\"name\":\"late project\"}"
        let client = try TestClient(port: port, token: "t")
        try client.write(Array(("POST /v4/organizations/\(org)/projects HTTP/1.1\r\nHost: x\r\n"
                                + "Authorization: Bearer t\r\nContent-Length: \(body.utf8.count)\r\n\r\n"
                                + body.prefix(5)).utf8))
        kill(mock.process.processIdentifier, SIGTERM)
        #expect(mock.waitForLog(containing: "not accepting"))
        #expect(throws: (any Error).self, "a new connection was served after SIGTERM") {
            try TestClient(port: port).get("/_mock/health")
        }
        #expect(throws: Never.self) { try client.write(Array(body.dropFirst(5).utf8)) }
        let response = try client.readResponse()
        #expect(response.status == 201)
        // The connection closes after the answer (the header may be missing when the answer
        // was already on its way as the shutdown reached this connection's queue).
        #expect(client.isClosedByPeer())
        #expect(mock.stop(signal: 0) == 0)
    }

    /// Regression: with standard error piped and never read, logging blocked and the server froze
    /// once the pipe filled (about 400 requests).
    @Test func anUnreadStandardErrorNeverBlocksServing() throws {
        let mock = try MockProcess(["--port", "0", "--token", "t"])
        _ = mock.readBanner()
        let client = try TestClient(port: try #require(mock.port), token: "t")
        for _ in 0..<3000 {
            #expect(try client.get("/v4/organizations").status == 200)
        }
        #expect(mock.stop() == 0)
    }

    /// Regression: the shutdown line was sometimes lost because the process exited first.
    @Test func theShutdownIsAlwaysLogged() throws {
        for _ in 0..<10 {
            let mock = try MockProcess(["--port", "0"])
            _ = mock.readBanner()
            #expect(mock.stop() == 0)
            #expect(mock.waitForExit().stderr.contains("received SIGTERM"))
        }
    }

    @Test func sigintAlsoStopsCleanly() throws {
        let mock = try MockProcess(["--port", "0"])
        _ = mock.readBanner()
        let client = try TestClient(port: try #require(mock.port))
        #expect(try client.get("/_mock/health").status == 200)
        #expect(mock.stop(signal: SIGINT) == 0)
    }

    @Test func environmentVariablesConfigureAndFlagsWin() throws {
        let mock = try MockProcess(["--token", "flag-token"],
                                   environment: ["CAPELLA_MOCK_PORT": "0", "CAPELLA_MOCK_TOKEN": "env-token", "CAPELLA_MOCK_ADMIN": "off"])
        let banner = mock.readBanner()
        #expect(banner.last == "token: flag-token")
        let client = try TestClient(port: try #require(mock.port))
        #expect(try client.get("/_mock/clock").status == 404)
        #expect(mock.stop() == 0)
    }

    /// Regression: an invalid environment value stopped the start even though its flag was given.
    @Test func aFlagWinsOverAnInvalidEnvironmentValue() throws {
        let mock = try MockProcess(["--port", "0", "--org-id", "0f9d5a4c-7b7e-4c55-9a1e-1d2e3f405162"],
                                   environment: ["CAPELLA_MOCK_PORT": "", "CAPELLA_MOCK_ORG_ID": "xyz"])
        #expect(mock.readBanner().dropFirst().first == "organization id: 0f9d5a4c-7b7e-4c55-9a1e-1d2e3f405162")
        #expect(mock.stop() == 0)
        // Without the flag the bad value is still reported.
        let refused = try MockProcess([], environment: ["CAPELLA_MOCK_PORT": "x"]).waitForExit()
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("CAPELLA_MOCK_PORT=x"))
    }

    @Test(arguments: [
        (["--bogus"], "unknown flag --bogus"),
        (["--port", "99999"], "--port 99999"),
        (["--time-scale", "-1"], "--time-scale -1"),
        (["--org-id", "nope"], "expected a UUID"),
        (["--port"], "needs a value"),
        (["--log-level", "loud"], "--log-level loud"),
        (["--time-scale", "1e300"], "at most 1000000"),
        (["--idle-timeout", "0"], "--idle-timeout 0: expected a number of seconds"),
        (["--head-timeout", "later"], "--head-timeout later: expected a number of seconds"),
    ])
    func badFlagsExitNonZeroWithOneLine(arguments: [String], expected: String) throws {
        let result = try MockProcess(arguments).waitForExit()
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("capella-mock: ") == true)
        #expect(result.stderr.contains(expected), "\(result.stderr)")
    }

    @Test func aBusyPortExitsNonZeroWithOneLine() throws {
        let first = try MockProcess(["--port", "0"])
        _ = first.readBanner()
        let port = try #require(first.port)
        let second = try MockProcess(["--port", String(port)]).waitForExit()
        #expect(second.status == 1)
        #expect(second.stderr.split(separator: "\n").count == 1)
        #expect(second.stderr.contains("cannot listen on 127.0.0.1:\(port)"))
        #expect(first.stop() == 0)
    }

    @Test func versionAndHelp() throws {
        let version = try MockProcess(["--version"]).waitForExit()
        #expect(version.status == 0)
        #expect(version.stdout.hasPrefix("capella-mock "))
        let help = try MockProcess(["--help"]).waitForExit()
        #expect(help.status == 0)
        for flag in ["--host", "--port", "--token", "--org-id", "--time-scale", "--log-level", "--no-admin", "--version"] {
            #expect(help.stdout.contains(flag), "\(flag)")
        }
    }
}

@Suite struct OptionLimitTests {
    /// Regression: an enormous duration was accepted and later trapped the clock arithmetic.
    @Test func hugeDurationsAreRefusedWithOneLine() throws {
        let result = try MockProcess(["--deploy-seconds", "1e300"]).waitForExit()
        #expect(result.status == 2)
        #expect(result.stderr.contains("--deploy-seconds 1e300: at most"))
    }
}

@Suite struct LogFormatTests {
    @Test func jsonLogLinesParseAndNeverCarryTheToken() throws {
        let token = "secret-token-never-logged"
        let mock = try MockProcess(["--port", "0", "--time-scale", "0", "--token", token, "--log-format", "json"])
        let banner = mock.readBanner()
        let port = try #require(mock.port)
        let org = try #require(banner.dropFirst().first?.split(separator: " ").last.map(String.init))
        let api = try TestClient(port: port, token: token)
        let key = try #require(api.send("POST", "/v4/organizations/\(org)/cmek", body: LiveServer.keyBody())["id"]?.stringValue)
        let project = try #require(api.get("/v4/organizations/\(org)/projects")["data"]?.arrayValue?.first?["id"]?.stringValue)
        let cluster = try #require(api.get("/v4/organizations/\(org)/projects/\(project)/clusters")["data"]?.arrayValue?.first?["id"]?.stringValue)
        _ = try api.send("POST", "/v4/organizations/\(org)/projects/\(project)/clusters/\(cluster)/cmek/\(key)/associate",
                         headers: [("X-Request-Id", "trace-me")])
        _ = try api.send("POST", "/_mock/clock/advance", body: "{\"seconds\":420}")
        _ = try TestClient(port: port, token: "wrong-\(token)").get("/v4/organizations")
        #expect(mock.stop() == 0)
        let log = mock.waitForExit().stderr
        #expect(!log.contains(token))
        let lines = log.split(separator: "\n").map { try? JSONParser.parse(String($0)) }
        #expect(!lines.isEmpty && lines.allSatisfy { $0 != nil })
        let requests = lines.compactMap { $0 }.filter { $0["method"] != nil }
        for line in requests {
            for field in ["time", "level", "method", "path", "status", "durationMs", "requestId", "operation"] {
                #expect(line[field] != nil, "\(field) missing in \(line)")
            }
        }
        #expect(requests.contains { $0["requestId"] == "trace-me" && $0["operation"] == "AssociateCMEK" && $0["status"] == 204 })
        let messages = lines.compactMap { $0?["message"]?.stringValue }
        #expect(messages.contains { $0.contains("cluster \(cluster)") && $0.contains("rebalancing → healthy") })
    }
}

/// Runs curl with the given arguments; returns its exit status and standard output.
func curl(_ arguments: [String]) throws -> (status: Int32, output: String, errors: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
    process.arguments = ["-sS", "--max-time", "10"] + arguments
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    let errorData = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self), String(decoding: errorData, as: UTF8.self))
}

@Suite struct TLSAndGzipExecutableTests {
    @Test func selfSignedHTTPSTrustedThroughTheWrittenCertificate() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let certificate = folder.appendingPathComponent("cert.pem").path
        let mock = try MockProcess(["--port", "0", "--tls-self-signed", "--tls-cert-out", certificate, "--token", "t"])
        let banner = mock.readBanner()
        #expect(banner.first?.hasPrefix("capella-mock listening on https://127.0.0.1:") == true)
        let port = try #require(mock.port)
        let health = try curl(["--cacert", certificate, "https://localhost:\(port)/_mock/health"])
        #expect(health.status == 0, "\(health.errors)")
        #expect(health.output.contains("\"status\":\"ok\""))
        // Verification is real: without the certificate curl refuses.
        #expect(try curl(["https://localhost:\(port)/_mock/health"]).status != 0)
        // Plain HTTP on the TLS port is answered 400 (or closed) and the server carries on.
        let plain = try curl(["-o", "/dev/null", "-w", "%{http_code}", "http://127.0.0.1:\(port)/_mock/health"])
        #expect(plain.output == "400" || plain.status != 0)
        #expect(try curl(["--cacert", certificate, "https://127.0.0.1:\(port)/_mock/health"]).status == 0)
        #expect(mock.stop() == 0)
    }

    @Test func curlCompressedListsKeysGzipEncoded() throws {
        let mock = try MockProcess(["--port", "0", "--token", "t"])
        let banner = mock.readBanner()
        let port = try #require(mock.port)
        let org = try #require(banner.dropFirst().first?.split(separator: " ").last.map(String.init))
        let api = try TestClient(port: port, token: "t")
        for n in 1...8 {
            _ = try api.send("POST", "/v4/organizations/\(org)/cmek", body: LiveServer.keyBody(name: "key \(n)", arn: LiveServer.awsARN(n: n)))
        }
        let listed = try curl(["--compressed", "-D", "-", "-H", "Authorization: Bearer t", "http://127.0.0.1:\(port)/v4/organizations/\(org)/cmek"])
        #expect(listed.status == 0)
        #expect(listed.output.lowercased().contains("content-encoding: gzip"))
        #expect(listed.output.lowercased().contains("vary: accept-encoding"))
        #expect(listed.output.contains("\"totalItems\":8"))
        #expect(mock.stop() == 0)
    }

    @Test(arguments: [
        (["--tls-cert", "/nonexistent.pem", "--tls-key", "/nonexistent.key"], "--tls-cert /nonexistent.pem"),
        (["--tls-cert", "/tmp/x.pem"], "--tls-cert and --tls-key go together"),
        (["--tls-self-signed", "--tls-cert", "/a", "--tls-key", "/b"], "exclude each other"),
        (["--tls-cert-out", "/tmp/out.pem"], "--tls-cert-out needs"),
    ])
    func badTLSSettingsStopTheStart(arguments: [String], expected: String) throws {
        let result = try MockProcess(arguments).waitForExit()
        #expect(result.status == 2)
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(result.stderr.contains(expected), "\(result.stderr)")
    }
}

/// Regression: a SIGTERM handled during startup stopped the idle server, and then the start
/// failed ("server already started or shut down", exit 1), or, one step later, the shutdown
/// waited forever for a listener that had not started. The signal is made pending from exec
/// (blocked through posix_spawn, then sent), so the handler sees it as soon as it is registered.
@Suite struct StartupSignalTests {
    @Test func aSIGTERMAlreadyPendingAtStartStopsItCleanly() throws {
        for _ in 0..<5 {
            var attributes = posix_spawnattr_t()
            posix_spawnattr_init(&attributes)
            defer { posix_spawnattr_destroy(&attributes) }
            var blocked = sigset_t()
            sigemptyset(&blocked)
            sigaddset(&blocked, SIGTERM)
            posix_spawnattr_setsigmask(&attributes, &blocked)
            posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
            let arguments = [executableURL.path, "--port", "0", "--token", "t"]
            var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
            defer { argv.forEach { free($0) } }
            var pid: pid_t = 0
            #expect(posix_spawn(&pid, executableURL.path, &actions, &attributes, &argv, environ) == 0)
            #expect(kill(pid, SIGTERM) == 0)
            let status = try waitForExit(pid, timeout: 20)
            #expect(status == 0, "exit status \(status)")
        }
    }

    /// The exit code, or 128 + signal; kills the process and fails after `timeout` seconds.
    private func waitForExit(_ pid: pid_t, timeout: Double) throws -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        while waitpid(pid, &status, WNOHANG) == 0 {
            if Date() > deadline {
                kill(pid, SIGKILL)
                waitpid(pid, &status, 0)
                Issue.record("capella-mock did not stop within \(timeout) s of a SIGTERM sent at start")
                return -1
            }
            usleep(10_000)
        }
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }
}
