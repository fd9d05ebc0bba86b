// A CMEK key's configuration: which key in which cloud KMS Capella uses to encrypt a cluster.
// Values are only built through `KeyConfig.validated`, so a stored config is always well formed.

public enum KeyConfig: Sendable, Equatable {
    /// `arn:aws:kms:<region>:<account>:key/<key-id>`
    case aws(arn: String)
    /// `projects/<p>/locations/<loc>/keyRings/<ring>/cryptoKeys/<key>[/cryptoKeyVersions/<n>]`
    case gcp(resourceName: String)
    /// A Key Vault (or Managed HSM) key identifier with its version, and the Azure region.
    case azure(keyLocation: String, region: String)

    public var provider: CloudProvider {
        switch self {
        case .aws: return .aws
        case .gcp: return .gcp
        case .azure: return .azure
        }
    }

    /// The key resource identifier: the ARN, the resource name or the key URL. Two configs name
    /// the same key resource when these are equal.
    public var resource: String {
        switch self {
        case .aws(let arn): return arn
        case .gcp(let name): return name
        case .azure(let location, _): return location
        }
    }

    /// Where the key lives: the AWS region, the GCP location (a region, a multi-region or
    /// `global`), or the Azure region.
    public var location: String {
        switch self {
        case .aws(let arn): return String(arn.split(separator: ":", omittingEmptySubsequences: false)[3])
        case .gcp(let name): return String(name.split(separator: "/")[3])
        case .azure(_, let region): return region
        }
    }

    /// Whether this key may encrypt a cluster of `provider` in `region`.
    public func serves(provider clusterProvider: CloudProvider, region: String) -> Bool {
        guard clusterProvider == provider else { return false }
        switch self {
        case .aws, .azure: return location == region
        case .gcp: return Regions.gcpKeyLocation(location, serves: region)
        }
    }
}

extension KeyConfig {
    /// Builds a config from the fields of a request body, or says what is wrong with it.
    /// Exactly one kind of key must be described.
    public static func validated(arn: String?, resourceName: String?, keyLocation: String?, region: String?)
        throws(CapellaError) -> KeyConfig
    {
        let kinds = [arn != nil, resourceName != nil, keyLocation != nil || region != nil].filter { $0 }.count
        if kinds == 0 { throw CapellaError.invalidKeyConfig("no key was given") }
        if kinds > 1 {
            throw CapellaError.invalidKeyConfig("more than one kind of key was given; give exactly one of arn, resourceName, or keyLocation with region")
        }
        if let arn {
            try validateAWS(arn)
            return .aws(arn: arn)
        }
        if let resourceName {
            try validateGCP(resourceName)
            return .gcp(resourceName: resourceName)
        }
        guard let keyLocation else { throw CapellaError.invalidKeyConfig("an Azure key needs keyLocation as well as region") }
        guard let region else { throw CapellaError.invalidKeyConfig("an Azure key needs region as well as keyLocation") }
        try validateAzure(keyLocation, region: region)
        return .azure(keyLocation: keyLocation, region: region)
    }

    static func validateAWS(_ arn: String) throws(CapellaError) {
        // On bytes in place: this runs for every key registered, and String and Character
        // operations made it a quarter of the cost of creating a key.
        var text = arn
        guard let problem = text.withUTF8(awsARNProblem) else { return }
        switch problem {
        case .shape:
            throw CapellaError.invalidKeyConfig("arn \"\(arn)\" is not an AWS KMS key ARN (arn:aws:kms:<region>:<account>:key/<key-id>)")
        case .region(let region):
            throw CapellaError.invalidKeyConfig("arn \"\(arn)\" names an unknown AWS region \"\(region)\"")
        case .account:
            throw CapellaError.invalidKeyConfig("arn \"\(arn)\" must carry a 12-digit AWS account id")
        case .resource:
            throw CapellaError.invalidKeyConfig("arn \"\(arn)\" must name a key (key/<key-id>), not an alias or another resource")
        case .keyID(let keyID):
            throw CapellaError.invalidKeyConfig("arn \"\(arn)\" has an invalid key id \"\(keyID)\" (a UUID, or mrk- and 32 hex digits for a multi-Region key)")
        }
    }

    private enum AWSARNProblem {
        case shape, region(String), account, resource, keyID(String)
    }

    /// arn:aws:kms:<region>:<12-digit account>:key/<key id>, or what is wrong with it.
    private static func awsARNProblem(_ bytes: UnsafeBufferPointer<UInt8>) -> AWSARNProblem? {
        // The six ':'-separated fields; a seventh is a shape error like a missing one.
        var fields: [Range<Int>] = []
        fields.reserveCapacity(6)
        var start = 0
        for index in 0...bytes.count where index == bytes.count || bytes[index] == UInt8(ascii: ":") {
            fields.append(start..<index)
            start = index + 1
        }
        func text(_ range: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) }
        func field(_ range: Range<Int>, is literal: StaticString) -> Bool {
            UnsafeBufferPointer(rebasing: bytes[range]).elementsEqual(UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
        }
        guard fields.count == 6, field(fields[0], is: "arn"), field(fields[1], is: "aws"), field(fields[2], is: "kms") else {
            return .shape
        }
        let region = text(fields[3])
        guard Regions.isKnown(region, for: .aws) else { return .region(region) }
        guard fields[4].count == 12, bytes[fields[4]].allSatisfy(isASCIIDigit) else { return .account }
        let resource = fields[5]
        guard resource.count >= 4, field(resource.lowerBound..<(resource.lowerBound + 4), is: "key/") else { return .resource }
        let keyID = (resource.lowerBound + 4)..<resource.upperBound
        guard isAWSKeyID(UnsafeBufferPointer(rebasing: bytes[keyID])) else { return .keyID(text(keyID)) }
        return nil
    }

    /// A single-Region key id is a UUID; a multi-Region key id is `mrk-` and 32 hex digits
    /// (ASCII only: `Character.isHexDigit` also takes fullwidth digits, which AWS does not).
    static func isAWSKeyID(_ id: UnsafeBufferPointer<UInt8>) -> Bool {
        if id.starts(with: "mrk-".utf8) {
            return id.count == 36 && id.dropFirst(4).allSatisfy(isASCIIHexDigit)
        }
        return Identifier.isUUID(id)
    }

    private static func isASCIIDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private static func isASCIIHexDigit(_ byte: UInt8) -> Bool {
        isASCIIDigit(byte) || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "f"))
    }

    static func validateGCP(_ name: String) throws(CapellaError) {
        let parts = name.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let shapeOK = (parts.count == 8 || parts.count == 10)
            && parts[0] == "projects" && parts[2] == "locations" && parts[4] == "keyRings" && parts[6] == "cryptoKeys"
            && (parts.count == 8 || parts[8] == "cryptoKeyVersions")
        guard shapeOK else {
            throw CapellaError.invalidKeyConfig("resourceName \"\(name)\" is not a Cloud KMS key (projects/<project>/locations/<location>/keyRings/<ring>/cryptoKeys/<key>, optionally /cryptoKeyVersions/<n>)")
        }
        guard isGCPProjectID(parts[1]) else {
            throw CapellaError.invalidKeyConfig("resourceName \"\(name)\" has an invalid project id \"\(parts[1])\"")
        }
        guard Regions.isKnownGCPKeyLocation(parts[3]) else {
            throw CapellaError.invalidKeyConfig("resourceName \"\(name)\" names an unknown Cloud KMS location \"\(parts[3])\"")
        }
        guard isGCPResourceName(parts[5]), isGCPResourceName(parts[7]) else {
            throw CapellaError.invalidKeyConfig("resourceName \"\(name)\" has an invalid key ring or key name (1-63 letters, digits, '-' or '_')")
        }
        if parts.count == 10 {
            guard let version = Int(parts[9]), version >= 1, parts[9].allSatisfy(\.isASCIIDigit) else {
                throw CapellaError.invalidKeyConfig("resourceName \"\(name)\" has an invalid key version \"\(parts[9])\"")
            }
        }
    }

    static func isGCPProjectID(_ id: String) -> Bool {
        guard (6...30).contains(id.count), let first = id.first, first.isASCIILowercaseLetter,
              id.last != "-" else { return false }
        return id.allSatisfy { $0.isASCIILowercaseLetter || $0.isASCIIDigit || $0 == "-" }
    }

    static func isGCPResourceName(_ name: String) -> Bool {
        (1...63).contains(name.count)
            && name.allSatisfy { $0.isASCIILetter || $0.isASCIIDigit || $0 == "-" || $0 == "_" }
    }

    static func validateAzure(_ keyLocation: String, region: String) throws(CapellaError) {
        let problem = "keyLocation \"\(keyLocation)\" is not an Azure Key Vault key identifier (https://<vault>.vault.azure.net/keys/<name>/<version>)"
        guard keyLocation.hasPrefix("https://") else { throw CapellaError.invalidKeyConfig(problem) }
        let rest = keyLocation.dropFirst("https://".count)
        let parts = rest.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 4, parts[1] == "keys" else { throw CapellaError.invalidKeyConfig(problem) }
        let host = parts[0]
        let vault: String
        if host.hasSuffix(".vault.azure.net") {
            vault = String(host.dropLast(".vault.azure.net".count))
        } else if host.hasSuffix(".managedhsm.azure.net") {
            vault = String(host.dropLast(".managedhsm.azure.net".count))
        } else {
            throw CapellaError.invalidKeyConfig(problem)
        }
        // Vault names: 3-24 characters, letters, digits and single hyphens, starting with a letter.
        guard (3...24).contains(vault.count), vault.first?.isASCIILetter == true, vault.last != "-",
              !vault.contains("--"), vault.allSatisfy({ $0.isASCIILetter || $0.isASCIIDigit || $0 == "-" })
        else {
            throw CapellaError.invalidKeyConfig("keyLocation \"\(keyLocation)\" has an invalid vault name \"\(vault)\"")
        }
        let keyName = parts[2]
        guard (1...127).contains(keyName.count), keyName.allSatisfy({ $0.isASCIILetter || $0.isASCIIDigit || $0 == "-" }) else {
            throw CapellaError.invalidKeyConfig("keyLocation \"\(keyLocation)\" has an invalid key name \"\(keyName)\"")
        }
        let version = parts[3]
        guard version.count == 32, version.allSatisfy(\.isASCIIHexDigit) else {
            throw CapellaError.invalidKeyConfig("keyLocation \"\(keyLocation)\" must end with the key version (32 hex digits)")
        }
        guard Regions.isKnown(region, for: .azure) else {
            throw CapellaError.invalidKeyConfig("region \"\(region)\" is not a known Azure region")
        }
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
    var isASCIILetter: Bool { isASCII && isLetter }
    var isASCIILowercaseLetter: Bool { isASCII && isLowercase }
    /// `isHexDigit` alone also takes fullwidth digits and letters.
    var isASCIIHexDigit: Bool { isASCII && isHexDigit }
}
