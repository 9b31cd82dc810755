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
    /// The events in effect that are about this unit (its founding, renaming, moving …), with the act and its note.
    let events: [EventNote]
    let childrenDate: String
    let canRestructure: Bool
    /// The staff count in force today ("125 người"), for those who may read the unit's records.
    let staff: String?
}

extension UnitShowPage {
    struct EventNote: Encodable {
        let label: String
        let summary: String
        let basis: String
        let note: String?

        init(_ event: RegistryEvent) {
            label = event.kind.label
            summary = event.summary
            basis = event.basisText
            note = event.note.flatMap { $0.isEmpty ? nil : $0 }
        }
    }
}
