// Why a snapshot (or a hand-written seed file) was refused: where in the document, and what is
// wrong there. Decoding stops at the first problem, so there is exactly one.

public struct SnapshotError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Where the problem is, e.g. "clusters[2].projectId"; "" for the whole document.
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String {
        path.isEmpty ? "snapshot: \(reason)" : "snapshot: \(path): \(reason)"
    }
}
