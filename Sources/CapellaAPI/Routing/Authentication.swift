// Who is calling: the API key behind `Authorization: Bearer <token>`. Anything else — no header,
// Basic credentials, an unknown, expired or deleted key, or a caller outside the key's allowed
// CIDRs — is 401/1001.

import CapellaDomain
import MockHTTP

enum Authentication {
    /// The bearer token from an Authorization header, or nil when there is none.
    static func bearerToken(_ header: String?) -> String? {
        guard let header else { return nil }
        // On bytes: this runs for every request. "Bearer" in any case, one or more spaces, then
        // the token without surrounding blanks.
        let utf8 = header.utf8
        let scheme = Array("bearer".utf8)
        var index = utf8.startIndex
        for expected in scheme {
            guard index != utf8.endIndex, utf8[index] | 0x20 == expected else { return nil }
            index = utf8.index(after: index)
        }
        guard index != utf8.endIndex, utf8[index] == UInt8(ascii: " ") else { return nil }
        while index != utf8.endIndex, utf8[index] == UInt8(ascii: " ") { index = utf8.index(after: index) }
        var end = utf8.endIndex
        while end > index, utf8[utf8.index(before: end)] == UInt8(ascii: " ") || utf8[utf8.index(before: end)] == UInt8(ascii: "\t") {
            end = utf8.index(before: end)
        }
        var start = index
        while start < end, utf8[start] == UInt8(ascii: "\t") { start = utf8.index(after: start) }
        return start < end ? String(Substring(utf8[start..<end])) : nil
    }

    static func caller(token: String?, remoteAddress: String, state: MockState, now: SimTime) throws(CapellaError) -> APIKey {
        guard let token, let key = state.apiKey(forToken: token) else { throw CapellaError.unauthorized }
        if let expiry = key.expiresAt, now >= expiry { throw CapellaError.unauthorized }
        guard AllowedCIDRs.permits(remoteAddress, key.allowedCIDRs) else { throw CapellaError.unauthorized }
        return key
    }
}

/// Whether a caller's address falls inside an API key's allowed CIDR list.
enum AllowedCIDRs {
    static func permits(_ address: String, _ cidrs: [String]) -> Bool {
        // Most keys allow everyone; then the address need not be parsed at all.
        if cidrs.contains(where: { $0 == "0.0.0.0/0" || $0 == "::/0" }) { return true }
        let ipv4 = IPv4CIDR.parseAddress(Substring(address.hasPrefix("::ffff:") ? String(address.dropFirst(7)) : address))
        for cidr in cidrs {
            if cidr == "0.0.0.0/0" || cidr == "::/0" { return true }
            if let ipv4, let block = IPv4CIDR(cidr), block.contains(ipv4) { return true }
            if cidr == address || cidr == address + "/128" { return true }
        }
        return false
    }
}

extension StringProtocol {
    func trimmingCharacters(in set: String) -> String {
        var view = Substring(self)
        while let first = view.first, set.contains(first) { view = view.dropFirst() }
        while let last = view.last, set.contains(last) { view = view.dropLast() }
        return String(view)
    }
}
