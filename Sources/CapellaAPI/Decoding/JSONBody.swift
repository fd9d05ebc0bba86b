// Reading a JSON request body with Capella's error rules: bytes that are not JSON, or a field of
// the wrong JSON type, are 400/1000 naming the field; a missing or invalid value is for the
// caller to refuse (usually 422). A JSON null counts as absent, as in Go.

import CapellaDomain
import MockJSON

struct JSONBody {
    let object: JSONObject
    /// Dotted path of this object inside the body ("" at the top), for error messages.
    let path: String

    /// Parses a request body that must be a JSON object. An empty body counts as `{}` only when
    /// `emptyIsObject` is set (for endpoints whose body is optional).
    static func parse(_ bytes: [UInt8], emptyIsObject: Bool = false) throws(CapellaError) -> JSONBody {
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
            if emptyIsObject { return JSONBody(object: JSONObject(), path: "") }
            throw CapellaError.malformedJSON("the body is empty; a JSON object is expected")
        }
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            throw CapellaError.malformedJSON(error.description)
        }
        guard case .object(let object) = value else {
            throw CapellaError.wrongJSONType(field: "(body)", expected: "object", got: value.typeName)
        }
        return JSONBody(object: object, path: "")
    }

    private func name(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    private func present(_ key: String) -> JSONValue? {
        guard let value = object[key], !value.isNull else { return nil }
        return value
    }

    func has(_ key: String) -> Bool { present(key) != nil }

    func string(_ key: String) throws(CapellaError) -> String? {
        guard let value = present(key) else { return nil }
        guard case .string(let s) = value else { throw wrongType(key, "string", value) }
        return s
    }

    func bool(_ key: String) throws(CapellaError) -> Bool? {
        guard let value = present(key) else { return nil }
        guard case .bool(let b) = value else { throw wrongType(key, "boolean", value) }
        return b
    }

    /// An integer; 3.0 or 1e2 are refused as Go refuses them for int fields.
    func int(_ key: String) throws(CapellaError) -> Int? {
        guard let value = present(key) else { return nil }
        guard case .int(let i) = value else { throw wrongType(key, "integer", value) }
        return i
    }

    func number(_ key: String) throws(CapellaError) -> Double? {
        guard let value = present(key) else { return nil }
        guard let n = value.numberValue else { throw wrongType(key, "number", value) }
        return n
    }

    func object(_ key: String) throws(CapellaError) -> JSONBody? {
        guard let value = present(key) else { return nil }
        guard case .object(let o) = value else { throw wrongType(key, "object", value) }
        return JSONBody(object: o, path: name(key))
    }

    func array(_ key: String) throws(CapellaError) -> [JSONValue]? {
        guard let value = present(key) else { return nil }
        guard case .array(let a) = value else { throw wrongType(key, "array", value) }
        return a
    }

    func strings(_ key: String) throws(CapellaError) -> [String]? {
        guard let elements = try array(key) else { return nil }
        var result: [String] = []
        for (i, element) in elements.enumerated() {
            guard case .string(let s) = element else {
                throw CapellaError.wrongJSONType(field: "\(name(key))[\(i)]", expected: "string", got: element.typeName)
            }
            result.append(s)
        }
        return result
    }

    /// The objects of an array field, each as a JSONBody with its index in the path.
    func objects(_ key: String) throws(CapellaError) -> [JSONBody]? {
        guard let elements = try array(key) else { return nil }
        var result: [JSONBody] = []
        for (i, element) in elements.enumerated() {
            guard case .object(let o) = element else {
                throw CapellaError.wrongJSONType(field: "\(name(key))[\(i)]", expected: "object", got: element.typeName)
            }
            result.append(JSONBody(object: o, path: "\(name(key))[\(i)]"))
        }
        return result
    }

    private func wrongType(_ key: String, _ expected: String, _ value: JSONValue) -> CapellaError {
        .wrongJSONType(field: name(key), expected: expected, got: value.typeName)
    }
}
