// Create-API-key bodies → APIKeyDraft. JSON type errors are 400 naming the field; a null inside
// a role or CIDR list is kept as "" so the value check refuses it with 422, as Capella does.

import CapellaDomain
import MockJSON

enum APIKeyDraftDecoder {
    static func decode(_ body: JSONBody) throws(CapellaError) -> APIKeyDraft {
        var draft = APIKeyDraft()
        draft.name = try body.string("name")
        draft.description = try body.string("description")
        draft.expiry = try body.number("expiry")
        draft.allowedCIDRs = try textList(body, "allowedCIDRs")
        draft.organizationRoles = try textList(body, "organizationRoles")
        if let resources = try body.objects("resources") {
            var drafts: [APIKeyDraft.ResourceDraft] = []
            for resource in resources {
                drafts.append(APIKeyDraft.ResourceDraft(type: try resource.string("type"), id: try resource.string("id"),
                                                        roles: try textList(resource, "roles")))
            }
            draft.resources = drafts
        }
        return draft
    }

    /// An array of strings in which null elements read as "".
    private static func textList(_ body: JSONBody, _ key: String) throws(CapellaError) -> [String]? {
        guard let elements = try body.array(key) else { return nil }
        var result: [String] = []
        for (index, element) in elements.enumerated() {
            switch element {
            case .string(let text): result.append(text)
            case .null: result.append("")
            default:
                let field = body.path.isEmpty ? key : "\(body.path).\(key)"
                throw CapellaError.wrongJSONType(field: "\(field)[\(index)]", expected: "string", got: element.typeName)
            }
        }
        return result
    }
}
