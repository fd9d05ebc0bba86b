// Create- and update-cluster bodies → ClusterDraft (JSON types checked here; values judged by
// ClusterRules in the domain).

import CapellaDomain

enum ClusterDraftDecoder {
    static func decode(_ body: JSONBody) throws(CapellaError) -> ClusterDraft {
        var draft = ClusterDraft()
        draft.name = try body.string("name")
        draft.description = try body.string("description")
        draft.configurationType = try body.string("configurationType")
        if let cloud = try body.object("cloudProvider") {
            draft.cloudProvider = CloudProviderDraft(type: try cloud.string("type"), region: try cloud.string("region"),
                                                     cidr: try cloud.string("cidr"))
        }
        if let server = try body.object("couchbaseServer") {
            draft.serverVersion = try server.string("version")
        }
        if let groups = try body.objects("serviceGroups") {
            var drafts: [ServiceGroupDraft] = []
            for group in groups { drafts.append(try serviceGroup(group)) }
            draft.serviceGroups = drafts
        }
        if let availability = try body.object("availability") {
            draft.availabilityGiven = true
            draft.availabilityType = try availability.string("type")
        }
        if let support = try body.object("support") {
            draft.support = SupportDraft(plan: try support.string("plan"), timezone: try support.string("timezone"))
        }
        draft.zones = try body.strings("zones")
        draft.cmekID = try body.string("cmekId")
        draft.enablePrivateDNSResolution = try body.bool("enablePrivateDNSResolution")
        return draft
    }

    private static func serviceGroup(_ group: JSONBody) throws(CapellaError) -> ServiceGroupDraft {
        let node = try group.object("node")
        let compute = try node?.object("compute")
        var disk: DiskDraft?
        if let diskBody = try node?.object("disk") {
            // autoExpansion is an Azure field; other providers' clients send it loosely typed
            // ("on") and Capella ignores it there, so only a boolean is read.
            let autoExpansion = diskBody.object["autoExpansion"]?.boolValue
            disk = DiskDraft(type: try diskBody.string("type"), storage: try diskBody.int("storage"),
                             iops: try diskBody.int("iops"), autoExpansion: autoExpansion)
        }
        return ServiceGroupDraft(nodeGiven: node != nil, cpu: try compute?.int("cpu"), ram: try compute?.int("ram"),
                                 disk: disk, numOfNodes: try group.int("numOfNodes"), services: try group.strings("services"))
    }
}
