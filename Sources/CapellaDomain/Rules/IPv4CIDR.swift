// IPv4 CIDR blocks: parsing in the form Capella's spec allows (a.b.c.d/n), overlap and membership.

public struct IPv4CIDR: Sendable, Equatable, CustomStringConvertible {
    /// The address as given, with host bits kept (Capella stores what the client sent).
    public let address: UInt32
    public let prefixLength: Int

    public init?(_ text: String) {
        let halves = text.split(separator: "/", omittingEmptySubsequences: false)
        guard halves.count == 2, (1...2).contains(halves[1].count), halves[1].allSatisfy(\.isASCIIDigit),
              let prefix = Int(halves[1]), prefix <= 32,
              let address = IPv4CIDR.parseAddress(halves[0]) else { return nil }
        self.address = address
        self.prefixLength = prefix
    }

    /// A dotted quad with 1-3 digits per octet, each 0-255.
    public static func parseAddress(_ text: Substring) -> UInt32? {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return nil }
        var value: UInt32 = 0
        for octet in octets {
            guard (1...3).contains(octet.count), octet.allSatisfy(\.isASCIIDigit), let byte = UInt32(octet), byte <= 255 else {
                return nil
            }
            value = value << 8 | byte
        }
        return value
    }

    var mask: UInt32 { prefixLength == 0 ? 0 : UInt32.max << (32 - prefixLength) }
    var network: UInt32 { address & mask }
    var broadcast: UInt32 { network | ~mask }

    public func overlaps(_ other: IPv4CIDR) -> Bool {
        network <= other.broadcast && other.network <= broadcast
    }

    public func contains(_ ip: UInt32) -> Bool {
        ip & mask == network
    }

    public var description: String {
        "\(address >> 24).\(address >> 16 & 0xFF).\(address >> 8 & 0xFF).\(address & 0xFF)/\(prefixLength)"
    }
}
