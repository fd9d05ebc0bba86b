// Base64 decoding for tokens ("<id>:<secret>" encoded).

import FoundationEssentials

enum Base64 {
    static func decode(_ text: String) -> [UInt8]? {
        Data(base64Encoded: text).map { [UInt8]($0) }
    }
}
