import Dispatch
import Glibc

/// One client connection: reads, parses, hands requests to the handler one at a time, writes
/// responses in order, and enforces timeouts.
///
/// Readiness comes from the worker's `ReadinessSet` (edge-triggered): `handle` is called when
/// the socket became readable or writable, and the connection acts on it only when it wants
/// to read or is waiting to write.
///
/// `@unchecked Sendable`: every mutable field is touched only on `worker.queue` (readiness
/// events, the sweeper, and `deliverLate` all run there). Only the immutable fields are read
/// from elsewhere.
final class Connection: @unchecked Sendable {
    private enum Phase {
        /// Waiting for (more of) a request head; idle when no bytes are buffered.
        case awaitingHead
        case readingBody
        /// The handler has the request; further requests stay buffered, unparsed.
        case awaitingResponse
        /// Write what is queued, then close (or linger).
        case closingAfterWrite
        /// Write side shut; reading and discarding until the peer closes or a deadline passes,
        /// so that unread request bytes do not turn our close into a reset that destroys the
        /// response before the client reads it.
        case lingering
        case closed
    }

    let worker: Worker
    let core: ServerCore
    private let transport: any Transport
    private let remoteAddress: String
    private let maxBodyBytes: Int
    private let idleTimeout: UInt64
    private let headTimeout: UInt64
    private let lingerTimeout: UInt64
    /// While a response is pending, buffer at most this many unparsed bytes before pausing reads.
    private let pipelineLimit: Int

    private var phase = Phase.awaitingHead
    private var input: [UInt8] = []
    private var inputStart = 0
    private var parser: RequestHeadParser
    private var decoder = BodyDecoder.contentLength(0, maxBodyBytes: 0)
    private var body: [UInt8] = []
    private var current: ParsedRequestHead?
    private var requestSerial: UInt64 = 0

    private var output: [UInt8] = []
    private var outputOffset = 0
    private var lingerAfterWrite = false

    /// Reading is not wanted now (pending output, pipelining bound, EOF); readiness events are
    /// ignored until it is, and then one read is tried directly.
    private var readPaused = false
    /// A write hit EAGAIN (or a TLS read must send first): the next writable event retries.
    private var awaitsWritable = false
    /// The peer shut its side (EPOLLRDHUP/EPOLLHUP seen): read on past a short read to reach
    /// the end of the stream, since no further event will announce it.
    private var endOfStreamPending = false
    /// TLS: a read must send first and the socket is full; retried when it is writable.
    private var readWaitsForWritable = false
    /// TLS: a write must receive first; retried when the socket is readable.
    private var writeWaitsForReadable = false

    private var peerClosed = false
    private var shuttingDown = false
    private var idleSince: UInt64
    private var requestStartedAt: UInt64
    private var lastWriteProgress: UInt64
    private var lingerDeadline: UInt64 = 0
    private var lingerBudget = 0

    private static let keepCapacityLimit = 1 << 20

    init(transport: any Transport, remoteAddress: String, worker: Worker, core: ServerCore) {
        let configuration = core.configuration
        self.transport = transport
        self.remoteAddress = remoteAddress
        self.worker = worker
        self.core = core
        maxBodyBytes = configuration.maxBodyBytes
        idleTimeout = Self.nanoseconds(configuration.idleTimeout)
        headTimeout = Self.nanoseconds(configuration.headTimeout)
        lingerTimeout = Self.nanoseconds(min(2, configuration.idleTimeout))
        pipelineLimit = max(configuration.maxHeadBytes, 64 * 1024)
        parser = RequestHeadParser(maxHeadBytes: configuration.maxHeadBytes)
        let now = monotonicNanoseconds()
        idleSince = now
        requestStartedAt = now
        lastWriteProgress = now
    }

    private static func nanoseconds(_ seconds: Double) -> UInt64 {
        UInt64(max(seconds, 0) * 1_000_000_000)
    }

    private var unreadCount: Int { input.count - inputStart }
    private var hasPendingOutput: Bool { outputOffset < output.count }

    // MARK: - Lifecycle (all on worker.queue)

    /// The descriptor is already in the worker's readiness set, which reports bytes that came
    /// with the connection as a first event.
    func start(shuttingDown: Bool) {
        if shuttingDown { beginShutdown() }
    }

    /// Called by the worker for each readiness event of this connection's descriptor.
    func handle(_ readiness: ReadinessSet.Readiness) {
        if readiness.peerHungUp { endOfStreamPending = true }
        if readiness.writable && awaitsWritable { writable() }
        if readiness.readable && !readPaused && phase != .closed { readable() }
    }

    /// Leaves the readiness set first, so the descriptor can be closed at once.
    func close() {
        guard phase != .closed else { return }
        phase = .closed
        worker.remove(self, fileDescriptor: transport.fileDescriptor)
        input = []
        output = []
        body = []
        current = nil
        transport.close()
        core.connectionDidClose()
    }

    func beginShutdown() {
        shuttingDown = true
        // Bytes that reached the socket but were not read yet are a request in flight, not an
        // idle connection: read them first (a non-blocking read; nothing waiting is fine).
        if phase == .awaitingHead && unreadCount == 0 && !hasPendingOutput {
            readable()
        }
        if phase == .awaitingHead && unreadCount == 0 {
            phase = .closingAfterWrite
            lingerAfterWrite = false
            flush()
        }
    }

    func checkTimeouts(now: UInt64) {
        switch phase {
        case .closed:
            return
        case .lingering:
            if now >= lingerDeadline { close() }
            return
        default:
            break
        }
        if hasPendingOutput {
            // A client that stops reading cannot hold the slot forever either.
            if now &- lastWriteProgress > idleTimeout { close() }
            return
        }
        switch phase {
        case .awaitingHead:
            if transport.isHandshaking {
                // A TLS handshake is the start of a request: it gets no longer than a head.
                if now &- requestStartedAt > headTimeout { close() }
            } else if unreadCount == 0 {
                if now &- idleSince > idleTimeout { close() }
            } else if now &- requestStartedAt > headTimeout {
                requestTimedOut()
            }
        case .readingBody:
            if now &- requestStartedAt > headTimeout { requestTimedOut() }
        default:
            break
        }
    }

    private func requestTimedOut() {
        failTransport(HTTPParseFailure(status: 408, message: "The request was not completed in time."))
        flush()
        updateReadInterest()
    }

    // MARK: - Reading

    private func readable() {
        switch phase {
        case .closed: return
        case .lingering: drainWhileLingering(); return
        default: break
        }
        // A write that waited for readability is retried by the flush below.
        writeWaitsForReadable = false
        let scratch = worker.scratch
        reading: while wantsToRead {
            switch transport.read(into: scratch) {
            case .bytes(let count):
                ingest(scratch, count: count)
                process()
                // A short read means the socket was drained; new data will raise a new event.
                if count < scratch.count && !endOfStreamPending { break reading }
            case .wouldBlock:
                break reading
            case .wouldBlockUntilWritable:
                readWaitsForWritable = true
                awaitWritable()
                break reading
            case .endOfStream:
                peerClosed = true
                process()
                break reading
            case .failed:
                close()
                return
            case .refused(let failure):
                // Plain HTTP on the TLS port: answered in plain text, then a lingering close.
                failTransport(failure)
                break reading
            }
        }
        // Everything produced by this read goes out in one write.
        flush()
        updateReadInterest()
    }

    private var wantsToRead: Bool {
        guard !peerClosed else { return false }
        switch phase {
        case .awaitingHead, .readingBody: return true
        case .awaitingResponse: return unreadCount < pipelineLimit
        case .closingAfterWrite, .lingering, .closed: return false
        }
    }

    private func ingest(_ scratch: UnsafeMutableRawBufferPointer, count: Int) {
        if inputStart == input.count {
            if input.capacity > Self.keepCapacityLimit { input = [] } else { input.removeAll(keepingCapacity: true) }
            inputStart = 0
            if phase == .awaitingHead { requestStartedAt = monotonicNanoseconds() }
        } else if inputStart >= 64 * 1024 {
            // Parser and decoder positions are relative to inputStart, so compaction is safe.
            input.removeSubrange(0..<inputStart)
            inputStart = 0
        }
        input.append(contentsOf: UnsafeRawBufferPointer(start: scratch.baseAddress, count: count))
    }

    /// Pauses reading when it is not wanted (pending output, pipelining bound, EOF) and resumes
    /// it when it is again. Readiness is edge-triggered, so a resume also tries one read
    /// directly: bytes that arrived while paused raise no further event.
    private func updateReadInterest() {
        guard phase != .closed else { return }
        let want: Bool
        switch phase {
        case .lingering: want = true
        default: want = (wantsToRead && !hasPendingOutput && !readWaitsForWritable) || writeWaitsForReadable
        }
        if want && readPaused {
            readPaused = false
            worker.queue.async { [self] in readable() }
        } else if !want && !readPaused {
            readPaused = true
        }
    }

    // MARK: - Request processing

    /// Parses and dispatches buffered requests, one at a time, until one is pending, more
    /// bytes are needed, or the connection is closing. Never writes and never closes.
    private func process() {
        while true {
            switch phase {
            case .awaitingHead:
                if unreadCount == 0 {
                    if peerClosed { closeAfterWrite(linger: false) }
                    return
                }
                let result = input.withUnsafeBufferPointer { all in
                    parser.parse(UnsafeBufferPointer(rebasing: all[inputStart...]))
                }
                switch result {
                case .incomplete:
                    if peerClosed { closeAfterWrite(linger: false) }  // truncated request: drop it
                    return
                case .invalid(let failure):
                    failTransport(failure)
                    return
                case .complete(var parsed, let consumed):
                    inputStart += consumed
                    parsed.head.remoteAddress = remoteAddress
                    beginRequest(parsed)
                }
            case .readingBody:
                let (consumed, result) = input.withUnsafeBufferPointer { all in
                    decoder.decode(UnsafeBufferPointer(rebasing: all[inputStart...]), into: &body)
                }
                inputStart += consumed
                switch result {
                case .done:
                    dispatchCurrent()
                case .needMore:
                    if peerClosed { closeAfterWrite(linger: false) }
                    return
                case .invalid(let failure):
                    failTransport(failure)
                    return
                }
            case .awaitingResponse, .closingAfterWrite, .lingering, .closed:
                return
            }
        }
    }

    private func beginRequest(_ parsed: ParsedRequestHead) {
        requestSerial &+= 1
        current = parsed
        // The handler may refuse on the head alone (e.g. 401 before 100 Continue). Only worth
        // asking when a body is still to be read: without one, or with all of it already here,
        // `handle` answers just the same.
        let bodyIsHere = parsed.contentLength.map { unreadCount >= $0 } ?? false
        if parsed.hasBody, parsed.expectsContinue || !bodyIsHere, let refusal = core.handler.screen(parsed.head) {
            // An unread body would be taken for the next request, so then the connection closes.
            queueResponse(refusal, for: parsed, forceClose: parsed.hasBody)
            return
        }
        if let length = parsed.contentLength, length > maxBodyBytes {
            failTransport(BodyDecoder.tooLarge(maxBodyBytes))
            return
        }
        guard parsed.hasBody else {
            dispatchCurrent()
            return
        }
        if parsed.expectsContinue {
            output.append(contentsOf: ResponseSerializer.continueResponse)
        }
        if parsed.isChunked {
            decoder = .chunked(maxBodyBytes: maxBodyBytes)
        } else {
            let length = parsed.contentLength ?? 0
            decoder = .contentLength(length, maxBodyBytes: maxBodyBytes)
            // Declared sizes are not trusted for large up-front allocations.
            body.reserveCapacity(min(length, 1 << 20))
        }
        phase = .readingBody
    }

    private func dispatchCurrent() {
        guard let parsed = current else { return }
        var requestBody: [UInt8] = []
        swap(&requestBody, &body)
        var headers = parsed.head.headers
        guard decodeContentEncoding(&requestBody, headers: &headers) else { return }
        phase = .awaitingResponse
        let request = HTTPRequest(method: parsed.head.method, target: parsed.head.target,
                                  version: parsed.head.version, headers: headers,
                                  body: requestBody, remoteAddress: remoteAddress)
        let responder = ConnectionResponder(connection: self, serial: requestSerial)
        core.handler.handle(request, responder: responder)
        if let outcome = responder.claimSynchronousOutcome() {
            complete(outcome)
        }
    }

    /// Inflates a gzip request body (the handler then sees plain bytes and no Content-Encoding).
    /// Answers 400 for a corrupt stream, 413 past the body limit (a zip bomb stops there) and 415
    /// for an encoding other than gzip or identity; returns false when it answered.
    private func decodeContentEncoding(_ body: inout [UInt8], headers: inout HTTPHeaders) -> Bool {
        guard let encoding = headers["Content-Encoding"].map({ Substring($0).trimmingASCIIWhitespace().lowercased() }),
              !encoding.isEmpty, encoding != "identity" else { return true }
        guard encoding == "gzip" || encoding == "x-gzip" else {
            failTransport(HTTPParseFailure(status: 415, message: "Content-Encoding \"\(encoding)\" is not supported; send gzip or no encoding."))
            return false
        }
        switch worker.gzip.decompress(body, limit: maxBodyBytes) {
        case .bytes(let inflated):
            body = inflated
            headers.remove("Content-Encoding")
            return true
        case .corrupt(let reason):
            failTransport(.badRequest("The gzip request body is invalid: \(reason)."))
        case .tooLarge:
            failTransport(HTTPParseFailure(status: 413, message: "The request body inflates beyond \(maxBodyBytes) bytes."))
        }
        return false
    }

    /// gzip for a body over GzipCodec.minimumSize when the request accepts it; such a response
    /// varies with Accept-Encoding, so it says so either way.
    private func encodeForClient(_ response: inout HTTPResponse, request: ParsedRequestHead) {
        guard response.body.count > GzipCodec.minimumSize, response.status >= 200, response.status != 204, response.status != 304,
              response.headers["Content-Encoding"] == nil else { return }
        response.headers.set("Vary", "Accept-Encoding")
        guard GzipCodec.acceptsGzip(request.head.headers),
              let compressed = worker.gzip.compress(response.body) else { return }
        response.body = compressed
        response.headers.set("Content-Encoding", "gzip")
    }

    /// Entry point for answers given after `handle` returned, from any thread.
    func deliverLate(_ outcome: ConnectionResponder.Outcome, serial: UInt64) {
        worker.queue.async { [self] in
            guard phase == .awaitingResponse, serial == requestSerial else { return }
            complete(outcome)
            process()
            flush()
            updateReadInterest()
        }
    }

    private func complete(_ outcome: ConnectionResponder.Outcome) {
        switch outcome {
        case .response(let response):
            guard let parsed = current else { return }
            queueResponse(response, for: parsed, forceClose: false)
        case .abort:
            // Responses already queued for earlier requests still go out; this one never does.
            current = nil
            closeAfterWrite(linger: false)
        }
    }

    private func queueResponse(_ response: HTTPResponse, for parsed: ParsedRequestHead, forceClose: Bool) {
        var response = response
        encodeForClient(&response, request: parsed)
        let close = forceClose || !parsed.keepAlive || shuttingDown || ResponseSerializer.requestsClose(response.headers)
        let directive: ResponseSerializer.ConnectionDirective =
            close ? .close : (parsed.head.version == .http1_0 ? .keepAlive : .implicit)
        ResponseSerializer.append(response, headOnly: parsed.isHEAD, connection: directive, to: &output)
        current = nil
        if close {
            closeAfterWrite(linger: forceClose)
        } else {
            phase = .awaitingHead
            let now = monotonicNanoseconds()
            idleSince = now
            requestStartedAt = now
        }
    }

    /// A response produced by the transport itself (bad framing, limits, timeouts); always closes.
    private func failTransport(_ failure: HTTPParseFailure) {
        let response = ResponseSerializer.transportError(status: failure.status, message: failure.message)
        ResponseSerializer.append(response, headOnly: current?.isHEAD ?? false, connection: .close, to: &output)
        current = nil
        closeAfterWrite(linger: true)
    }

    private func closeAfterWrite(linger: Bool) {
        phase = .closingAfterWrite
        lingerAfterWrite = linger
    }

    // MARK: - Writing

    /// Writes as much queued output as the socket takes. On EAGAIN waits for writability (and
    /// reading pauses until the buffer drains). When drained and closing, closes or lingers.
    private func flush() {
        guard phase != .closed, phase != .lingering else { return }
        while outputOffset < output.count {
            let result = output.withUnsafeBytes { all in
                transport.write(UnsafeRawBufferPointer(rebasing: all[outputOffset...]))
            }
            switch result {
            case .wrote(let count):
                outputOffset += count
            case .wouldBlock:
                core.writeStalls.add(1, ordering: .relaxed)
                awaitWritable()
                return
            case .wouldBlockUntilReadable:
                writeWaitsForReadable = true
                stopAwaitingWritable()
                updateReadInterest()
                // Bytes already waiting raised their event before this write needed them.
                if Socket.isReady(transport.fileDescriptor, for: Int16(POLLIN)) {
                    worker.queue.async { [self] in if writeWaitsForReadable { readable() } }
                }
                return
            case .failed:
                close()
                return
            }
        }
        if !output.isEmpty {
            if output.capacity > Self.keepCapacityLimit { output = [] } else { output.removeAll(keepingCapacity: true) }
            outputOffset = 0
        }
        stopAwaitingWritable()
        if phase == .closingAfterWrite { finishAfterWrite() }
    }

    private func writable() {
        guard phase != .closed else { return }
        lastWriteProgress = monotonicNanoseconds()
        if readWaitsForWritable {
            readWaitsForWritable = false
            readable()
            guard phase != .closed else { return }
        }
        flush()
        guard phase != .closed, !hasPendingOutput else { return }
        process()
        flush()
        updateReadInterest()
    }

    /// After EAGAIN the socket's next writable edge comes when the peer reads. A TLS read that
    /// must send first may not have filled the socket, so then the edge may already have passed:
    /// the socket is checked once.
    private func awaitWritable() {
        lastWriteProgress = monotonicNanoseconds()
        awaitsWritable = true
        if Socket.isReady(transport.fileDescriptor, for: Int16(POLLOUT)) {
            worker.queue.async { [self] in if awaitsWritable { writable() } }
        }
    }

    private func stopAwaitingWritable() {
        guard !readWaitsForWritable else { return }
        awaitsWritable = false
    }

    private func finishAfterWrite() {
        if !peerClosed && (lingerAfterWrite || unreadCount > 0) {
            startLingering()
        } else {
            close()
        }
    }

    // MARK: - Lingering close

    private func startLingering() {
        transport.shutdownWrite()
        phase = .lingering
        input = []
        inputStart = 0
        lingerDeadline = monotonicNanoseconds() &+ lingerTimeout
        lingerBudget = 1 << 20
        updateReadInterest()
    }

    private func drainWhileLingering() {
        let scratch = worker.scratch
        while true {
            switch transport.read(into: scratch) {
            case .bytes(let count):
                lingerBudget -= count
                if lingerBudget <= 0 { close(); return }
            case .wouldBlock:
                return
            case .endOfStream, .failed, .wouldBlockUntilWritable, .refused:
                close()
                return
            }
        }
    }
}
