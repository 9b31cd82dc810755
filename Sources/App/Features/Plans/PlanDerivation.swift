import Domain
import Fluent
import Foundation
import Vapor

/// A unit's draft started from the plan of the level above: its objectives, targets, audiences, topics and forms,
/// the parent plan as the first legal basis, and the parent's tasks that name the unit (itself, a unit under it, or a
/// group it belongs to on the parent's date), to be given to the unit's own offices. The draft stays linked to the
/// parent for roll-up.
enum PlanDerivation {
    /// May `viewer` start a plan of `unit` from `parent`: the unit lies below the parent's issuer and the viewer writes its plans.
    static func mayDerive(_ viewer: Viewer, unit: Unit, fromPlanOf issuer: Unit) -> Bool {
        viewer.mayAuthor(planOf: unit) && UnitScope.below(issuer).contains(unit)
    }

    static func derive(from parent: Plan, for unit: Unit, actor: AuditActor, today: CalendarDate, now: Date,
                       on db: any Database) async throws -> Plan {
        let parentID = try parent.requireID()
        let unitID = try unit.requireID()
        if let existing = try await Plan.query(on: db).filter(\.$parentPlan.$id == parentID).filter(\.$unit.$id == unitID).first() {
            throw AppError(.conflict, "Đơn vị đã có kế hoạch lập từ kế hoạch này (\(existing.title)). Hãy mở kế hoạch đó để sửa tiếp.")
        }
        let date = parent.issuedOn ?? today
        let tasks = try await PlanService.tasks(of: parent, on: db)
        var groupMembers: [UUID: Set<UUID>] = [:]
        for groupID in Set(tasks.flatMap(\.units).compactMap { $0.$group.id }) {
            guard let group = try await UnitGroup.query(on: db).filter(\.$id == groupID).with(\.$anchor).first() else { continue }
            groupMembers[groupID] = Set(try await GroupService.resolve(group, on: date, db: db).compactMap(\.id))
        }
        let subtree = Set(try await Unit.query(on: db).within(.subtree(of: unit)).all().compactMap(\.id))
        func names(_ link: TaskUnit) -> Bool {
            if let id = link.$unit.id { return subtree.contains(id) }
            if let id = link.$group.id { return groupMembers[id]?.contains(unitID) ?? false }
            return false
        }
        let reference = [parent.number.map { "Kế hoạch số \($0)" } ?? "Kế hoạch", parent.issuedOn.map { "ngày \($0.display)" },
                         "của \(parent.issuerName ?? parent.unit.name)", "về \(parent.title)"].compactMap { $0 }.joined(separator: " ")
        var document = Domain.Plan()
        document.year = parent.year
        document.title = "Tuyên truyền cải cách hành chính năm \(parent.year) của \(unit.name)"
        document.issuer = unit.name
        document.legalBases = [LegalBasis(text: "Thực hiện " + reference, number: parent.number, date: parent.issuedOn,
                                          issuer: parent.issuerName ?? parent.unit.name)]
        document.targets = parent.sections.targets
        document.audiences = parent.sections.audiences
        document.topics = parent.sections.topics
        document.forms = parent.sections.forms
        document.tasks = tasks.filter { $0.units.contains(where: names) }.enumerated().map { index, task in
            PlanTask(no: index + 1, content: task.content, product: task.product, lead: [unit.shortName ?? unit.name], coordinating: [],
                     timeframe: task.timeframe, notes: "Theo nhiệm vụ \(task.no) của kế hoạch cấp trên")
        }
        return try await PlanService.store(document, issuer: unit, sourceName: nil, parentPlanID: parentID, actor: actor,
                                           today: today, now: now, on: db)
    }
}
