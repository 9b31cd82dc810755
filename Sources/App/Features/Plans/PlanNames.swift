import Foundation

/// The names of the units and groups a plan's task table points at, loaded once for a page.
struct PlanNames: Sendable {
    var units: [UUID: String] = [:]
    var groups: [UUID: String] = [:]

    func target(unitID: UUID?, groupID: UUID?) -> String? {
        if let id = unitID { return units[id] }
        if let id = groupID { return groups[id].map { "Nhóm: " + $0 } }
        return nil
    }

    func row(_ link: PlanReadModel.Link) -> PlanTaskRow.Name {
        // A name written exactly as the registry has it needs no "→ same name" after it.
        let target = target(unitID: link.unitID, groupID: link.groupID)
        return PlanTaskRow.Name(name: link.name, target: target == link.name ? nil : target,
                         targetURL: link.unitID.map { SiteRoute.unit.path($0) } ?? link.groupID.map { SiteRoute.group.path($0) },
                         match: link.match.label + (link.match == .fuzzy ? " (\(Int((link.confidence * 100).rounded()))%)" : ""),
                         uncertain: link.isUncertain)
    }
}
