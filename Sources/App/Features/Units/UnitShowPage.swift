import Vapor
import Domain

struct UnitShowPage: Encodable {
    let unit: UnitRow
    let shortName: String?
    let parent: UnitRow?
    let ancestors: [UnitRow]
    let children: [UnitRow]
    let aliases: [String]
    let groups: [GroupRow]
    let validFrom: String?
    let validTo: String?
    let address: String?
    let phone: String?
    let email: String?
    let website: String?
    let canSeeRecords: Bool
    let canEditRecords: Bool
    let canManage: Bool
    let canRetire: Bool
    let predecessors: [UnitLineage.Link]
    let successors: [UnitLineage.Link]
    let pendingEvents: [String]
    let childrenDate: String
    let canRestructure: Bool
}
