// The `config` object of a create- or rotate-key body. Anything wrong with it, its JSON types
// included, is 422/12003, which is how Capella answers `config: {}` or `config: "invalid"`.

import CapellaDomain
import MockJSON

enum KeyConfigDecoder {
    static func decode(_ body: JSONBody) throws(CapellaError) -> KeyConfig {
        guard let value = body.object["config"], !value.isNull else {
            throw CapellaError.invalidKeyConfig("the config field is missing")
        }
        guard case .object(let config) = value else {
            throw CapellaError.invalidKeyConfig("config must be an object, not \(withArticle(value.typeName))")
        }
        func text(_ key: String) throws(CapellaError) -> String? {
            guard let field = config[key], !field.isNull else { return nil }
            guard case .string(let s) = field else {
                throw CapellaError.invalidKeyConfig("config.\(key) must be a string, not \(withArticle(field.typeName))")
            }
            return s
        }
        return try KeyConfig.validated(arn: try text("arn"), resourceName: try text("resourceName"),
                                       keyLocation: try text("keyLocation"), region: try text("region"))
    }
}
