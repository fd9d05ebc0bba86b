// One line per request and per cluster state change, as text or JSON, to standard error.
// Times come from the simulated clock. Tokens and other headers are never logged.

#if canImport(Glibc)
import Glibc
#endif
import CapellaDomain
import MockJSON

public final class Logger: Sendable {
    let level: LogLevel
    let format: LogFormat
    let clock: any SimClock

    public init(level: LogLevel, format: LogFormat, clock: any SimClock) {
        self.level = level
        self.format = format
        self.clock = clock
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
        emit("\(clock.now().rfc3339) \(lineLevel.rawValue.uppercased().padding(toLength: 5))\(message)\n")
    }

    private func writeJSON(_ lineLevel: LogLevel, _ fields: [(String, JSONValue)]) {
        var members: [(key: String, value: JSONValue)] = [("time", .string(clock.now().rfc3339)), ("level", .string(lineLevel.rawValue))]
        for (key, value) in fields { members.append((key, value)) }
        emit(JSONWriter.string(.object(JSONObject(members))) + "\n")
    }

    /// One write call per line, so lines from different threads never interleave.
    private func emit(_ line: String) {
        var bytes = Array(line.utf8)
        bytes.withUnsafeMutableBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(2, buffer.baseAddress! + offset, buffer.count - offset)
                if n <= 0 { if n < 0 && errno == EINTR { continue } else { return } }
                offset += n
            }
        }
    }
}
