// What every handler shares: the store, the options and the logger.

import CapellaDomain
import Synchronization

public final class AppEnvironment: Sendable {
    public let store: Store
    public let options: Options
    public let logger: Logger
    let rateLimiter: RateLimiter
    let journal: RequestJournal
    let faults = RequestFaults()
    let encodedKeys = EncodedKeyCache()
    /// "https" when serving TLS: for links and the banner.
    var scheme: String { options.usesTLS ? "https" : "http" }
    private let port: Mutex<Int>

    public init(store: Store, options: Options, logger: Logger) {
        self.store = store
        self.options = options
        self.logger = logger
        self.rateLimiter = RateLimiter(limit: options.rateLimit)
        self.journal = RequestJournal(capacity: options.journalSize)
        self.port = Mutex(options.port)
    }

    /// The port actually bound (differs from options.port when that was 0).
    public var boundPort: Int {
        get { port.withLock { $0 } }
        set { port.withLock { $0 = newValue } }
    }
}
