// The program: options → state → store → app → HTTP server. Prints where it listens, the
// organization id and the token; SIGTERM/SIGINT stop accepting, let in-flight requests finish
// and exit 0. A bad flag exits 2 and a port that cannot be bound exits 1, each with one line.

#if canImport(Glibc)
import Glibc
#endif
import CapellaDomain
import Dispatch
import MockHTTP

public enum CapellaMockMain {
    public static func run(arguments: [String], environment: [String: String]) -> Never {
        blockStopSignals()
        let options: Options
        do {
            options = try Options.parse(arguments, environment: environment)
        } catch {
            fail("\(error)", code: 2)
        }
        if options.showHelp {
            FileStream.standardOutput.write(Options.usage)
            exit(0)
        }
        if options.showVersion {
            FileStream.standardOutput.write("capella-mock " + CapellaMockVersion.current + "\n")
            exit(0)
        }

        let descriptorLimit = raiseOpenFileLimit()
        let server: Running
        do {
            server = try makeServer(options)
        } catch {
            fail("\(error)", code: error.exitCode)
        }
        server.environment.logger.event(descriptorLimit.message, level: descriptorLimit.raised ? .debug : .warn)
        // Handlers go in before the banner: a SIGTERM sent the moment the banner appears must not
        // find the signal ignored with no Dispatch source yet to see it.
        installSignalHandlers(server.server, logger: server.environment.logger, persistence: server.persistence)
        let port: Int
        do {
            port = try server.server.start()
        } catch .notStartable {
            // A SIGTERM or SIGINT arrived during startup and its handler already stopped the
            // server: a clean stop, with nothing in flight. The handler exits 0 as well.
            server.environment.logger.flush()
            exit(0)
        } catch {
            fail("cannot listen on \(hostForURL(options.host)):\(options.port): \(error)", code: 1)
        }
        server.environment.boundPort = port
        printBanner(options: options, port: port, start: server.start)
        dispatchMain()
    }

    struct Running {
        let server: HTTPServer
        let environment: AppEnvironment
        let start: StartState
        let persistence: StatePersistence?
    }

    static func makeServer(_ options: Options) throws(StartState.Failure) -> Running {
        let clock = ScaledClock(timeScale: options.timeScale)
        let start = try StartState.load(options, clock: clock)
        clock.set(to: start.current.now)
        let logger = Logger(level: options.logLevel, format: options.logFormat, clock: clock)
        let persistence = options.stateFile.map { StatePersistence(path: $0, logger: logger) }
        let store = Store(state: start.current.state, clock: clock, durations: start.current.durations,
                          resetTo: (start.seed.state, start.seed.durations),
                          onEvent: { logger.storeEvent($0) }, onChange: { persistence?.save() })
        persistence?.attach(store)
        persistence?.save(force: true)
        let environment = AppEnvironment(store: store, options: options, logger: logger)
        var configuration = HTTPServerConfiguration()
        configuration.host = options.host
        configuration.port = options.port
        configuration.idleTimeout = options.idleTimeout
        configuration.headTimeout = options.headTimeout
        configuration.tls = try tlsConfiguration(options)
        configuration.onEvent = { logger.event($0, level: .warn) }
        let server = HTTPServer(configuration: configuration, handler: CapellaApp(environment: environment))
        return Running(server: server, environment: environment, start: start, persistence: persistence)
    }

    /// A test suite may open a thousand connections at once; the usual soft limit of 1,024
    /// descriptors would refuse some of them. Raise the soft limit to the hard one (as far as the
    /// kernel lets a process without privileges go), once, before anything is opened.
    static func raiseOpenFileLimit() -> (raised: Bool, message: String) {
        let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        var limit = rlimit()
        guard getrlimit(resource, &limit) == 0 else {
            return (false, "cannot read the open-file limit: \(String(cString: strerror(errno)))")
        }
        guard limit.rlim_cur < limit.rlim_max else {
            return (true, "open-file limit \(limit.rlim_cur)")
        }
        var wanted = limit
        wanted.rlim_cur = limit.rlim_max
        guard setrlimit(resource, &wanted) == 0 else {
            return (false, "cannot raise the open-file limit from \(limit.rlim_cur) to \(limit.rlim_max): \(String(cString: strerror(errno)))")
        }
        return (true, "open-file limit raised from \(limit.rlim_cur) to \(limit.rlim_max)")
    }

    /// The TLS setup, with the certificate written out when asked; a problem stops the start.
    static func tlsConfiguration(_ options: Options) throws(StartState.Failure) -> TLSConfiguration? {
        guard options.usesTLS else { return nil }
        let tls: TLSConfiguration
        do {
            if let certificate = options.tlsCertificateFile, let key = options.tlsKeyFile {
                tls = try TLSConfiguration.load(certificateFile: certificate, privateKeyFile: key)
            } else {
                tls = try TLSConfiguration.selfSigned()
            }
        } catch {
            let what = options.tlsSelfSigned ? "--tls-self-signed" : "--tls-cert \(options.tlsCertificateFile ?? "")"
            throw StartState.Failure(description: "\(what): \(error)", exitCode: 2)
        }
        if let path = options.tlsCertificateOut {
            do {
                try AtomicFile.write(Array(tls.certificatePEM.utf8), to: path)
            } catch {
                throw StartState.Failure(description: "--tls-cert-out: \(error)", exitCode: 2)
            }
        }
        return tls
    }

    static func printBanner(options: Options, port: Int, start: StartState) {
        // One unbuffered write, so a reader of a pipe sees the three lines at once.
        let url = (options.usesTLS ? "https://" : "http://") + hostForURL(options.host) + ":" + String(port)
        FileStream.standardOutput.write("capella-mock listening on " + url + "\n"
                                        + "organization id: " + start.organizationID + "\n"
                                        + "token: " + (start.token ?? "(none: the state has no Organization Owner API key)") + "\n")
    }

    /// Signal handling from library code: Dispatch sources on a private queue. libdispatch
    /// registers a source asynchronously and installs its own handler when it does, so this waits
    /// for both registrations: after it returns, a SIGTERM is always seen. (Setting SIG_IGN
    /// first, as on other platforms, would drop a signal that arrives before registration.)
    static func installSignalHandlers(_ server: HTTPServer, logger: Logger, persistence: StatePersistence?) {
        let queue = DispatchQueue(label: "capella-mock.signals")
        let registered = DispatchGroup()
        for signalNumber in [SIGTERM, SIGINT] {
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
            source.setEventHandler {
                server.shutdown {
                    // Back on this serial queue, so the line below is logged before the exit.
                    queue.async {
                        persistence?.save(force: true)  // records the clock's latest time too
                        logger.flush()
                        // _exit, not exit: other threads may still be running, and exit's static
                        // destructors can crash under them. All output is unbuffered and flushed.
                        _exit(0)
                    }
                }
                // Logged once the listener is closed, so a reader of the log knows new
                // connections are refused from here on.
                logger.event("received \(signalNumber == SIGTERM ? "SIGTERM" : "SIGINT"): not accepting; finishing in-flight requests")
            }
            registered.enter()
            source.setRegistrationHandler { registered.leave() }
            source.resume()
            retainedSources.append(source)
        }
        if registered.wait(timeout: .now() + 10) == .timedOut {
            logger.event("signal handlers were not registered in time; SIGTERM may stop the server abruptly", level: .warn)
        }
    }

    /// SIGTERM and SIGINT blocked before any thread exists, so that every thread inherits the
    /// block: such a signal then stays pending until libdispatch's signalfd (behind the signal
    /// sources) reads it, whenever it arrives. Unblocked, the kernel may hand it to any thread,
    /// and one that arrived before libdispatch installed its handler, or reached a thread in the
    /// wrong state, took the default action: the process died with status 143 instead of
    /// finishing its requests (seen about once in 30 starts with a SIGTERM right after the banner).
    static func blockStopSignals() {
        var stopSignals = sigset_t()
        sigemptyset(&stopSignals)
        sigaddset(&stopSignals, SIGTERM)
        sigaddset(&stopSignals, SIGINT)
        pthread_sigmask(SIG_BLOCK, &stopSignals, nil)
    }

    /// Keeps the signal sources alive for the life of the process (touched only on the main thread at start).
    nonisolated(unsafe) private static var retainedSources: [any DispatchSourceSignal] = []

    static func hostForURL(_ host: String) -> String {
        host.contains(":") ? "[\(host)]" : host
    }

    static func fail(_ message: String, code: Int32) -> Never {
        FileStream.standardError.write("capella-mock: \(message)\n")
        exit(code)
    }
}

/// Unbuffered writes to the standard streams (a buffered stdout would hold the banner back in a pipe).
enum FileStream {
    case standardOutput, standardError

    func write(_ text: String) {
        let descriptor: Int32 = self == .standardOutput ? 1 : 2
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return }
                offset += n
            }
        }
    }
}
