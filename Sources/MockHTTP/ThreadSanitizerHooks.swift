import Glibc
import Synchronization

/// ThreadSanitizer cannot see the futex-based `Synchronization.Mutex` on Linux, so it reports
/// accesses to Mutex-protected state as races (reproducible with a ten-line program). These
/// hooks tell it about the acquire/release edges. They are looked up by name at run time:
/// the TSan runtime exports them only in `--sanitize=thread` builds, so elsewhere they are nil
/// and cost one predictable branch.
enum ThreadSanitizerHooks {
    typealias Hook = @convention(c) (UnsafeRawPointer?) -> Void

    static let acquire: Hook? = lookup("__tsan_acquire")
    static let release: Hook? = lookup("__tsan_release")

    private static func lookup(_ name: String) -> Hook? {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { return nil }
        return unsafeBitCast(symbol, to: Hook.self)
    }
}

extension Mutex where Value: ~Copyable {
    /// `withLock`, plus ThreadSanitizer annotations keyed on `owner` (any object whose lifetime
    /// covers the mutex; normally the one that stores it). Use this for every Mutex here.
    @inline(__always)
    borrowing func withLockVisibleToTSan<Result>(
        _ owner: AnyObject, _ body: (inout sending Value) -> sending Result
    ) -> sending Result {
        withLock { value in
            let address = UnsafeRawPointer(Unmanaged.passUnretained(owner).toOpaque())
            ThreadSanitizerHooks.acquire?(address)
            defer { ThreadSanitizerHooks.release?(address) }
            return body(&value)
        }
    }
}
