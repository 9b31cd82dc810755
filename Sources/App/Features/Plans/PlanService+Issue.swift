import Domain
import Fluent
import Foundation
import Vapor

extension PlanService {
    struct IssueInput: Sendable {
        var number: String
        var issuedOn: CalendarDate
        var signerAuthority: String?
        var signerTitle: String?
        var signerName: String
    }

    struct IssueResult: Sendable {
        var assignments: Int
        var occurrences: Int
    }

    /// Issues a draft: number, date and signer set; one assignment per lead unit of each task (groups expanded as
    /// of the issue date), due as the timeframe says, with one occurrence per period of a recurring task.
    /// Refused while a lead name is neither resolved nor marked as no specific unit.
    static func issue(_ plan: Plan, _ input: IssueInput, actor: AuditActor, now: Date, on db: any Database) async throws -> IssueResult {
        guard plan.status == .draft else { throw AppError(.conflict, "Kế hoạch này đã được ban hành; mọi thay đổi phải qua sửa đổi có ghi lý do.") }
        let planID = try plan.requireID()
        try await requireUniqueNumber(input.number, unitID: plan.$unit.id, year: plan.year, except: planID, on: db)
        let tasks = try await tasks(of: plan, on: db)
        let links: [TaskUnit] = tasks.flatMap { $0.units }
        let open = links.filter { (link: TaskUnit) -> Bool in
            link.role == .lead && link.needsUnit
        }
        guard open.isEmpty else {
            let names = Array(Set(open.map { $0.name })).sorted().prefix(5).joined(separator: "; ")
            throw AppError(.unprocessableEntity, "Còn \(open.count) tên đơn vị chủ trì chưa xác định (\(names)). "
                           + "Hãy chọn đơn vị, nhóm đơn vị hoặc đánh dấu \"không giao cho đơn vị cụ thể\" trước khi ban hành.")
        }
        var members: [UUID: [UUID]] = [:]
        for groupID in Set(links.filter { $0.role == .lead }.compactMap { $0.$group.id }) {
            guard let group = try await UnitGroup.query(on: db).filter(\.$id == groupID).with(\.$anchor).first() else { continue }
            members[groupID] = try await GroupService.resolve(group, on: input.issuedOn, db: db).compactMap(\.id)
        }
        var assignments: [Assignment] = []
        var occurrences: [Occurrence] = []
        for task in tasks {
            let taskID = try task.requireID()
            var leads: [UUID] = []
            for link in task.units where link.role == .lead {
                let ids = link.$unit.id.map { [$0] } ?? link.$group.id.flatMap { members[$0] } ?? []
                for id in ids where !leads.contains(id) { leads.append(id) }
            }
            let schedule = Schedule(timeframe: task.timeframe, planYear: plan.year)
            let starts = schedule?.start ?? CalendarDate(year: plan.year, month: 1, day: 1) ?? input.issuedOn
            let due = schedule?.due ?? CalendarDate(year: plan.year, month: 12, day: 31) ?? input.issuedOn
            for unitID in leads {
                let assignment = Assignment(planID: planID, taskID: taskID, unitID: unitID, startsOn: starts, dueOn: due)
                assignments.append(assignment)
                for occurrence in schedule?.occurrences ?? [] {
                    occurrences.append(Occurrence(assignmentID: try assignment.requireID(), occurrence: occurrence))
                }
            }
        }
        let (newAssignments, newOccurrences) = (assignments, occurrences)
        try await db.audited(by: actor, at: now) { db, audit in
            let before = PlanIssueState(plan)
            plan.status = .issued
            plan.number = input.number
            plan.issuedOn = input.issuedOn
            plan.signerAuthority = input.signerAuthority
            plan.signerTitle = input.signerTitle
            plan.signerName = input.signerName
            plan.refreshSearchKey()
            try await plan.save(on: db)
            for chunk in newAssignments.chunked(500) { try await chunk.create(on: db) }
            for chunk in newOccurrences.chunked(500) { try await chunk.create(on: db) }
            try await audit.record(.issue, .plan, id: planID, unit: plan.$unit.id, summary: "Ban hành kế hoạch số \(input.number) ngày \(input.issuedOn.display): "
                                              + "\(newAssignments.count) phân công, \(newOccurrences.count) kỳ thực hiện",
                                   before: before, after: PlanIssueState(plan))
        }
        return IssueResult(assignments: assignments.count, occurrences: occurrences.count)
    }
}

/// What issuing changes on a plan, as the audit log compares it.
struct PlanIssueState: Encodable, Sendable {
    let status: String
    let number: String?
    let issuedOn: String?
    let signer: String?

    init(_ plan: Plan) {
        status = plan.status.label
        number = plan.number
        issuedOn = plan.issuedOn?.display
        signer = [plan.signerTitle, plan.signerName].compactMap { $0 }.joined(separator: " ").nilIfEmpty
    }
}

private extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
