import Domain
import Fluent
import Foundation

/// A plan laid out like the document: header, sections, the task table with each name's unit, amendments.
struct PlanShowPage: Encodable {
    struct Amendment: Encodable {
        let at: String
        let actor: String
        let reason: String
        let changes: [String]
    }

    let id: String
    let issuerName: String
    let unitName: String
    let unitID: String
    let number: String
    let place: String
    let issuedOn: String
    let title: String
    let status: String
    let isDraft: Bool
    let legalBases: [String]
    let targets: [String]
    let audiences: [String]
    let topics: [String]
    let forms: [String]
    let responsibilities: [Responsibility]
    let budget: String
    let recipients: [String]
    let signer: String
    let warnings: [String]
    let tasks: [PlanTaskRow]
    let assignmentCount: Int
    let progress: WorkProgress
    /// Progress per lead unit, least done first.
    let byUnit: [UnitProgress]

    struct UnitProgress: Encodable {
        let name: String
        let progress: WorkProgress
    }
    let uncertainNames: Int
    let amendments: [Amendment]
    let canAuthor: Bool
    /// The viewer's unit lies below the issuer and may start its own plan from this one.
    let canDerive: Bool
    let parent: PlanRow?
    let children: [PlanRow]
    let sourceName: String

    static func load(_ plan: Plan, viewer: Viewer, today: CalendarDate, on db: any Database) async throws -> PlanShowPage {
        let planID = try plan.requireID()
        let table = try await PlanReadModel.load(planID: planID, on: db)
        let links = table.allLinks
        let names = try await PlanReadModel.names(of: links, on: db)
        var perTask: [UUID: Int] = [:]
        var progress = WorkProgress()
        var perUnit: [UUID: WorkProgress] = [:]
        for assignment in try await PlanReadModel.assignments(planID: planID, on: db) {
            perTask[assignment.taskID, default: 0] += 1
            progress.add(status: assignment.status.rawValue, due: assignment.dueOn, done: assignment.doneOn, today: today)
            perUnit[assignment.unitID, default: WorkProgress()].add(status: assignment.status.rawValue, due: assignment.dueOn,
                                                                     done: assignment.doneOn, today: today)
        }
        // Lead units named directly are known already; only those reached through a group are looked up.
        var unitNames = names.units
        let missing = perUnit.keys.filter { unitNames[$0] == nil }
        if !missing.isEmpty {
            for unit in try await Unit.query(on: db).filter(\.$id ~~ Array(missing)).field(\.$id).field(\.$name).all() {
                unitNames[unit.id ?? UUID()] = unit.name
            }
        }
        let byUnit = perUnit.map { UnitProgress(name: unitNames[$0.key] ?? "", progress: $0.value) }
            .sorted { ($0.progress.percentDone, $0.name) < ($1.progress.percentDone, $1.name) }
        let amendments = try await PlanAmendment.query(on: db).filter(\.$plan.$id == planID).sort(\.$at, .descending).all()
        let parent = try await plan.$parentPlan.get(on: db)
        try await parent?.$unit.load(on: db)
        let children = try await Plan.query(on: db).filter(\.$parentPlan.$id == planID).with(\.$unit).sort(\.$title).all()
        let signer = [plan.signerAuthority, plan.signerTitle, plan.signerName].compactMap { $0 }.joined(separator: " — ")
        return PlanShowPage(
            id: planID.uuidString, issuerName: plan.issuerName ?? plan.unit.name, unitName: plan.unit.name,
            unitID: plan.unit.id?.uuidString ?? "", number: plan.number ?? "", place: plan.place ?? "",
            issuedOn: plan.issuedOn.map { "ngày \($0.day) tháng \($0.month) năm \($0.year)" } ?? "",
            title: plan.title, status: plan.status.label, isDraft: plan.status == .draft,
            legalBases: plan.sections.legalBases.map(\.text),
            targets: plan.sections.targets.map(\.text), audiences: plan.sections.audiences, topics: plan.sections.topics,
            forms: plan.sections.forms, responsibilities: plan.sections.responsibilities, budget: plan.budget ?? "",
            recipients: plan.sections.recipients, signer: signer, warnings: plan.sections.warnings,
            tasks: table.tasks.map { PlanTaskRow($0, links: table.links[$0.id] ?? [], names: names, assignments: perTask[$0.id] ?? 0) },
            assignmentCount: perTask.values.reduce(0, +), progress: progress, byUnit: byUnit,
            uncertainNames: links.filter(\.isUncertain).count,
            amendments: amendments.map { Amendment(at: AppClock.display($0.at), actor: $0.actorName, reason: $0.reason, changes: $0.changes) },
            canAuthor: viewer.mayAuthor(planOf: plan.unit), canDerive: PlanDerivation.mayDerive(viewer, unit: viewer.unit, fromPlanOf: plan.unit),
            parent: parent.map(PlanRow.init), children: children.filter { viewer.mayRead(planOf: $0.unit) }.map(PlanRow.init),
            sourceName: plan.sourceName ?? "")
    }
}
