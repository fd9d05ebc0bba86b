import Testing
@testable import CapellaAPI

/// Links in list responses echo the client's Host only when it is a plain host[:port].
@Suite struct HostSyntaxTests {
    @Test func plainHostsAndPortsAreUsed() {
        for host in ["localhost", "localhost:8080", "127.0.0.1:1", "api.example-1.test", "[::1]", "[::1]:65535",
                     "[fe80::1%25]".replacingOccurrences(of: "%25", with: ""), "A.B:0080",
                     // Compose and container names with underscores; an empty port (RFC 3986).
                     "capella_mock:8080", "my_host", "host:"] {
            #expect(RequestContext.isWellFormedHost(host), "\(host)")
        }
    }

    @Test func anythingElseIsNot() {
        for host in ["", ":80", "host::", "host:65536", "host:123456", "host:8o", "ho st", "evil.test/x", "h\u{e9}te",
                     "[]", "[::1", "[::1]x", "[::g]", "host:80:80", String(repeating: "a", count: 254), "<script>"] {
            #expect(!RequestContext.isWellFormedHost(host), "\(host)")
        }
    }
}
