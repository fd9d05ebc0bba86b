// swift-tools-version:6.0
// capella-mock: a local stand-in for the Couchbase Capella Management API v4 (CMEK and what it needs).
// Dependencies point one way: capella-mock -> CapellaAPI -> {MockHTTP, CapellaDomain} -> MockJSON.
// The domain never imports the HTTP module; SwiftPM enforces that through the target graph.
import PackageDescription

let package = Package(
    name: "capella-mock",
    products: [
        .executable(name: "capella-mock", targets: ["capella-mock"]),
    ],
    targets: [
        // The system OpenSSL (libssl, libcrypto) for TLS, plus C shims for its macros.
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        // The system zlib (zlib1g-dev), for gzip responses and request bodies.
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // Linux epoll (part of libc; Glibc's module leaves the header out).
        .systemLibrary(name: "CEpoll"),
        // Generic HTTP/1.1 (optionally over TLS) on POSIX sockets and Dispatch; knows nothing about Capella.
        .target(name: "MockHTTP", dependencies: ["COpenSSL", "CZlib", "CEpoll"]),
        // A small JSON value type, parser and writer shared by the domain (snapshots) and the API.
        .target(name: "MockJSON"),
        // State, rules and simulated time.
        .target(name: "CapellaDomain", dependencies: ["MockJSON"]),
        // Routes, handlers, error rendering, admin API, command-line options.
        .target(name: "CapellaAPI", dependencies: ["MockHTTP", "CapellaDomain", "MockJSON"]),
        .executableTarget(name: "capella-mock", dependencies: ["CapellaAPI"]),

        .testTarget(name: "MockHTTPTests", dependencies: ["MockHTTP", "COpenSSL"]),
        .testTarget(name: "MockJSONTests", dependencies: ["MockJSON"]),
        .testTarget(name: "CapellaDomainTests", dependencies: ["CapellaDomain", "MockJSON"]),
        // Depends on the executable so `swift test` builds it for the subprocess tests.
        .testTarget(name: "CapellaAPITests", dependencies: ["CapellaAPI", "MockHTTP", "capella-mock"]),
    ],
    swiftLanguageModes: [.v6]
)
