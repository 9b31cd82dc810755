import Fluent
import Foundation

/// The names of the units and groups a plan's task table points at, loaded once for a page.
struct PlanNames: Sendable {
    var units: [UUID: String] = [:]
    var groups: [UUID: String] = [:]

    static func load(_ links: [TaskUnit], on db: any Database) async throws -> PlanNames {
        var names = PlanNames()
        let unitIDs = Array(Set(links.compactMap { $0.$unit.id }))
        for chunk in unitIDs.chunked(500) {
            for unit in try await Unit.query(on: db).filter(\.$id ~~ chunk).all() { names.units[unit.id ?? UUID()] = unit.name }
        }
        let groupIDs = Array(Set(links.compactMap { $0.$group.id }))
        if !groupIDs.isEmpty {
            for group in try await UnitGroup.query(on: db).filter(\.$id ~~ groupIDs).all() { names.groups[group.id ?? UUID()] = group.name }
        }
        return names
    }

    func target(of link: TaskUnit) -> String {
        if let id = link.$unit.id { return units[id] ?? "" }
        if let id = link.$group.id { return groups[id].map { "Nhóm: " + $0 } ?? "" }
        return ""
    }

    func row(_ link: TaskUnit) -> PlanTaskRow.Name {
        let target = target(of: link)
        return PlanTaskRow.Name(name: link.name, target: target.isEmpty ? nil : target,
                         targetURL: link.$unit.id.map { SiteRoute.unit.path($0) } ?? link.$group.id.map { SiteRoute.group.path($0) },
                         match: link.match.label + (link.match == .fuzzy ? " (\(Int((link.confidence * 100).rounded()))%)" : ""),
                         uncertain: link.match == .fuzzy || link.match == .unresolved)
    }
}
