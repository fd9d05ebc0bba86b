// One line per request and per cluster state change, as text or JSON, to standard error.
// Lines carry the real time (to line up with the rest of a CI log); JSON lines also carry the
// simulated time. Tokens and other headers are never logged.
//
// Logging never holds up serving: lines are written from a queue of their own, and when standard
// error is not being read (a pipe nobody drains) and a megabyte is waiting, further lines are
// dropped and counted until it moves again.

#if canImport(Glibc)
import Glibc
#endif
import CapellaDomain
import Dispatch
import MockJSON
import Synchronization

public final class Logger: Sendable {
    let level: LogLevel
    let format: LogFormat
    let clock: any SimClock
    private let output = DispatchQueue(label: "capella-mock.log")
    private let waitingBytes = Atomic<Int>(0)
    private let droppedLines = Atomic<Int>(0)
    static let backlogLimit = 1 << 20

    public init(level: LogLevel, format: LogFormat, clock: any SimClock) {
        self.level = level
        self.format = format
        self.clock = clock
    }

    /// Waits (at most `timeout` seconds) until every line logged so far is written.
    public func flush(timeout: Double = 2) {
        let written = DispatchSemaphore(value: 0)
        output.async { written.signal() }
        _ = written.wait(timeout: .now() + timeout)
    }

    struct RequestRecord {
        var method: String
        var path: String
        var status: Int
        var durationMs: Double
        var requestID: String
        var operation: String?
    }

    func request(_ record: RequestRecord) {
        let lineLevel: LogLevel = record.status >= 500 ? .error : .info
        guard lineLevel >= level else { return }
        let duration = (record.durationMs * 1000).rounded() / 1000
        switch format {
        case .text:
            write(lineLevel, "\(record.method) \(record.path) \(record.status) \(duration)ms"
                  + " op=\(record.operation ?? "-") rid=\(record.requestID)")
        case .json:
            writeJSON(lineLevel, [
                ("method", .string(record.method)), ("path", .string(record.path)), ("status", .int(record.status)),
                ("durationMs", .double(duration)), ("requestId", .string(record.requestID)),
                ("operation", record.operation.map(JSONValue.string) ?? .null),
            ])
        }
    }

    public func event(_ message: String, level lineLevel: LogLevel = .info) {
        guard lineLevel >= level else { return }
        switch format {
        case .text: write(lineLevel, message)
        case .json: writeJSON(lineLevel, [("message", .string(message))])
        }
    }

    func storeEvent(_ storeEvent: StoreEvent) {
        switch storeEvent {
        case let .clusterState(id, name, from, to):
            let old = from?.rawValue ?? "(new)"
            let new = to?.rawValue ?? "(deleted)"
            event("cluster \(id) (\(name)): \(old) → \(new)")
        }
    }

    private func write(_ lineLevel: LogLevel, _ message: String) {
        emit("\(SystemTime.now().rfc3339) \(lineLevel.rawValue.uppercased().padding(toLength: 5))\(Self.escapingControls(message))\n")
    }

    private func writeJSON(_ lineLevel: LogLevel, _ fields: [(String, JSONValue)]) {
        var members: [(key: String, value: JSONValue)] = [
            ("time", .string(SystemTime.now().rfc3339)), ("simTime", .string(clock.now().rfc3339)),
            ("level", .string(lineLevel.rawValue)),
        ]
        for (key, value) in fields { members.append((key, value)) }
        emit(JSONWriter.string(.object(JSONObject(members))) + "\n")
    }

    /// Control characters (newlines above all) written as escapes, so a value a client chose —
    /// a cluster name, a path — can never forge a log line.
    static func escapingControls(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return text }
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                escaped += "\\x" + String(scalar.value, radix: 16).leftPadded(to: 2)
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    /// Queues the line for writing, or drops it when too much is already waiting.
    private func emit(_ line: String) {
        let size = line.utf8.count
        if waitingBytes.add(size, ordering: .relaxed).newValue > Self.backlogLimit {
            waitingBytes.subtract(size, ordering: .relaxed)
            droppedLines.add(1, ordering: .relaxed)
            return
        }
        output.async { [self] in
            Self.writeAll(line)
            waitingBytes.subtract(size, ordering: .relaxed)
            let dropped = droppedLines.exchange(0, ordering: .relaxed)
            if dropped > 0 {
                Self.writeAll("\(SystemTime.now().rfc3339) WARN \(dropped) log line(s) dropped: standard error was not being read\n")
            }
        }
    }

    /// One write call per line where possible, so lines never interleave with other output.
    private static func writeAll(_ line: String) {
        var bytes = Array(line.utf8)
        bytes.withUnsafeMutableBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(2, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return }
                offset += n
            }
        }
    }
}
