import Domain
import Fluent
import Foundation
import Vapor

/// Changing a plan: its sections and the rows of its task table. A draft changes freely (each change audited);
/// an issued plan changes only by amendment: a reason, the list of what changed, and its assignments kept in step
/// with the task table (new lead units get assignments, dropped ones lose theirs, due dates follow the timeframe).
enum PlanEditing {
    static func updateSections(_ plan: Plan, _ input: PlanForm.Checked, actor: AuditActor, today: CalendarDate, now: Date,
                               on db: any Database) async throws -> [String] {
        if plan.status == .issued && input.year != plan.year {
            throw AppError(.unprocessableEntity, "Không đổi năm của kế hoạch đã ban hành; hãy lập kế hoạch mới cho năm \(input.year).")
        }
        var changes: [String] = []
        func text(_ label: String, _ old: String?, _ new: String?) {
            if (old ?? "") != (new ?? "") { changes.append("\(label): «\(short(old))» → «\(short(new))»") }
        }
        func list<T: Equatable>(_ label: String, _ old: [T], _ new: [T]) {
            if old != new { changes.append("\(label): \(old.count) → \(new.count) mục (có thay đổi)") }
        }
        let old = plan.sections, new = input.sections
        text("Tên kế hoạch", plan.title, input.title)
        text("Năm", "\(plan.year)", "\(input.year)")
        text("Địa danh", plan.place, input.place)
        text("Cơ quan ban hành", plan.issuerName, input.issuerName)
        list("Căn cứ", old.legalBases.map(\.text), new.legalBases.map(\.text))
        list("Chỉ tiêu", old.targets.map(\.text), new.targets.map(\.text))
        list("Đối tượng", old.audiences, new.audiences)
        list("Nội dung tuyên truyền", old.topics, new.topics)
        list("Hình thức tuyên truyền", old.forms, new.forms)
        list("Tổ chức thực hiện", old.responsibilities.map(\.unit) + old.responsibilities.flatMap(\.duties),
             new.responsibilities.map(\.unit) + new.responsibilities.flatMap(\.duties))
        text("Kinh phí", plan.budget, input.budget)
        list("Nơi nhận", old.recipients, new.recipients)
        text("Thẩm quyền ký", plan.signerAuthority, input.signerAuthority)
        text("Chức vụ người ký", plan.signerTitle, input.signerTitle)
        text("Người ký", plan.signerName, input.signerName)
        guard !changes.isEmpty else { return [] }
        let recorded = changes
        try await db.audited(by: actor, at: now) { db, audit in
            plan.title = input.title
            plan.year = input.year
            plan.place = input.place
            plan.issuerName = input.issuerName
            plan.sections = input.sections
            plan.budget = input.budget
            plan.signerAuthority = input.signerAuthority
            plan.signerTitle = input.signerTitle
            plan.signerName = input.signerName
            plan.refreshSearchKey()
            try await plan.save(on: db)
            try await record(plan, changes: recorded, reason: input.reason, on: db, audit)
        }
        return changes
    }

    /// Adds (`existing` nil) or changes one row; its names are resolved again, keeping what a person already chose.
    static func saveTask(_ plan: Plan, existing: TaskEntry?, _ input: TaskForm.Checked, actor: AuditActor, today: CalendarDate,
                         now: Date, on db: any Database) async throws {
        let planID = try plan.requireID()
        let directory = try await UnitDirectory.load(issuer: plan.unit, on: plan.issuedOn ?? today, db: db)
        let oldLinks = existing?.units ?? []
        let known = Dictionary(oldLinks.map { (UnitNameKey.of($0.name), $0) }, uniquingKeysWith: { first, _ in first })
        var position = existing?.position ?? 0
        if existing == nil { position = (try await TaskEntry.query(on: db).filter(\.$plan.$id == planID).max(\.$position) ?? -1) + 1 }
        let task = existing ?? TaskEntry(planID: planID, position: position, task: input.task)
        var changes: [String] = []
        if let existing {
            let before = PlanService.document(plan, tasks: [existing]).tasks[0]
            let after = input.task
            let label = "Nhiệm vụ \(before.no)"
            if before.no != after.no { changes.append("\(label): số thứ tự \(before.no) → \(after.no)") }
            if before.content != after.content { changes.append("\(label): nội dung «\(short(before.content))» → «\(short(after.content))»") }
            if before.product != after.product { changes.append("\(label): sản phẩm «\(short(before.product))» → «\(short(after.product))»") }
            if before.lead != after.lead { changes.append("\(label): chủ trì «\(before.lead.joined(separator: "; "))» → «\(after.lead.joined(separator: "; "))»") }
            if before.coordinating != after.coordinating {
                changes.append("\(label): phối hợp «\(short(before.coordinating.joined(separator: "; ")))» → «\(short(after.coordinating.joined(separator: "; ")))»")
            }
            if before.timeframe.text != after.timeframe.text { changes.append("\(label): thời gian «\(before.timeframe.text)» → «\(after.timeframe.text)»") }
            if before.notes != after.notes { changes.append("\(label): ghi chú «\(short(before.notes))» → «\(short(after.notes))»") }
            guard !changes.isEmpty else { return }
        } else {
            changes.append("Thêm nhiệm vụ \(input.task.no): \(short(input.task.content))")
        }
        let recorded = changes
        let names = input.task.lead.map { (TaskUnit.Role.lead, $0) } + input.task.coordinating.map { (TaskUnit.Role.coordinating, $0) }
        let resolutions = names.map { _, name -> UnitResolution in
            guard let link = known[UnitNameKey.of(name)] else { return directory.resolve(name) }
            return UnitResolution(unitID: link.$unit.id, groupID: link.$group.id, match: link.match, confidence: link.confidence)
        }
        try await db.audited(by: actor, at: now) { db, audit in
            task.apply(input.task)
            try await task.save(on: db)
            let taskID = try task.requireID()
            try await TaskUnit.query(on: db).filter(\.$task.$id == taskID).delete()
            for (index, ((role, name), resolution)) in zip(names, resolutions).enumerated() {
                try await TaskUnit(taskID: taskID, planID: planID, role: role, position: index, name: name, resolution: resolution).create(on: db)
            }
            if plan.status == .issued { try await reassign(plan, taskID: taskID, on: db) }
            try await record(plan, changes: recorded, reason: input.reason, on: db, audit)
        }
    }

    /// Moves a row one place up or down; the rows are numbered again in their new order.
    static func moveTask(_ plan: Plan, _ task: TaskEntry, up: Bool, reason: String?, actor: AuditActor, now: Date, on db: any Database) async throws {
        var tasks = try await TaskEntry.query(on: db).filter(\.$plan.$id == plan.requireID()).sort(\.$position).all()
        guard let index = tasks.firstIndex(where: { $0.id == task.id }) else { return }
        let target = up ? index - 1 : index + 1
        guard tasks.indices.contains(target) else { return }
        tasks.swapAt(index, target)
        let ordered = tasks
        let change = "Chuyển nhiệm vụ \(task.no) \(up ? "lên" : "xuống") một dòng; đánh số lại"
        try await db.audited(by: actor, at: now) { db, audit in
            for (position, row) in ordered.enumerated() where row.position != position || row.no != position + 1 {
                row.position = position
                row.no = position + 1
                try await row.save(on: db)
            }
            try await record(plan, changes: [change], reason: reason, on: db, audit)
        }
    }

    /// Removes a row (and, in an issued plan, its assignments).
    static func deleteTask(_ plan: Plan, _ task: TaskEntry, reason: String?, actor: AuditActor, now: Date, on db: any Database) async throws {
        let taskID = try task.requireID()
        let change = "Bỏ nhiệm vụ \(task.no): \(short(task.content))"
        try await db.audited(by: actor, at: now) { db, audit in
            let assignments = try await Assignment.query(on: db).filter(\.$task.$id == taskID).all().compactMap(\.id)
            if !assignments.isEmpty { try await Occurrence.query(on: db).filter(\.$assignment.$id ~~ assignments).delete() }
            try await Assignment.query(on: db).filter(\.$task.$id == taskID).delete()
            try await TaskUnit.query(on: db).filter(\.$task.$id == taskID).delete()
            try await task.delete(on: db)
            try await record(plan, changes: [change], reason: reason, on: db, audit)
        }
    }

    /// Keeps one task's assignments in step with its lead units and timeframe (issued plans).
    static func reassign(_ plan: Plan, taskID: UUID, on db: any Database) async throws {
        guard let task = try await TaskEntry.query(on: db).filter(\.$id == taskID).with(\.$units).first(),
              let issuedOn = plan.issuedOn else { return }
        let leads = task.units.filter { $0.role == .lead }
        let open = leads.filter(\.needsUnit)
        guard open.isEmpty else {
            throw AppError(.unprocessableEntity, "Không xác định được cơ quan chủ trì: \(open.map(\.name).joined(separator: "; ")). "
                           + "Hãy viết đúng tên đơn vị hoặc nhóm đơn vị trong danh mục (hoặc nhập mã đơn vị).")
        }
        var unitIDs: [UUID] = []
        for link in leads {
            var ids: [UUID] = []
            if let id = link.$unit.id { ids = [id] }
            else if let groupID = link.$group.id, let group = try await UnitGroup.query(on: db).filter(\.$id == groupID).with(\.$anchor).first() {
                ids = try await GroupService.resolve(group, on: issuedOn, db: db).compactMap(\.id)
            }
            for id in ids where !unitIDs.contains(id) { unitIDs.append(id) }
        }
        let schedule = Schedule(timeframe: task.timeframe, planYear: plan.year)
        let starts = schedule?.start ?? CalendarDate(year: plan.year, month: 1, day: 1) ?? issuedOn
        let due = schedule?.due ?? CalendarDate(year: plan.year, month: 12, day: 31) ?? issuedOn
        let existing = try await Assignment.query(on: db).filter(\.$task.$id == taskID).all()
        let dropped = existing.filter { !unitIDs.contains($0.$unit.id) }.compactMap(\.id)
        let kept = existing.filter { unitIDs.contains($0.$unit.id) }
        if !dropped.isEmpty {
            try await Occurrence.query(on: db).filter(\.$assignment.$id ~~ dropped).delete()
            try await Assignment.query(on: db).filter(\.$id ~~ dropped).delete()
        }
        var all = kept
        for unitID in unitIDs where !kept.contains(where: { $0.$unit.id == unitID }) {
            let assignment = Assignment(planID: try plan.requireID(), taskID: taskID, unitID: unitID, startsOn: starts, dueOn: due)
            try await assignment.create(on: db)
            all.append(assignment)
        }
        for assignment in all {
            assignment.startsOn = starts
            assignment.dueOn = due
            try await assignment.save(on: db)
            let id = try assignment.requireID()
            try await Occurrence.query(on: db).filter(\.$assignment.$id == id).delete()
            try await (schedule?.occurrences ?? []).map { Occurrence(assignmentID: id, occurrence: $0) }.create(on: db)
        }
    }

    /// An amendment for an issued plan; for every plan an audit entry.
    private static func record(_ plan: Plan, changes: [String], reason: String?, on db: any Database, _ audit: AuditTrail) async throws {
        let planID = try plan.requireID()
        if plan.status == .issued {
            try await PlanAmendment(planID: planID, at: audit.at, actor: audit.actor, reason: reason ?? "", changes: changes).create(on: db)
        }
        let action: AuditAction = plan.status == .issued ? .amend : .update
        let title = plan.status == .issued ? "Sửa đổi kế hoạch \(plan.number ?? "")" : "Sửa dự thảo \"\(short(plan.title))\""
        let why = reason.map { " — lý do: \($0)" } ?? ""
        try await audit.record(action, .plan, id: planID, unit: plan.$unit.id, summary: title + ": " + changes.joined(separator: "; ") + why,
                               before: PlanChanges?.none, after: PlanChanges(changes: changes, reason: reason))
    }

    static func short(_ text: String?) -> String {
        let t = (text ?? "").replacingOccurrences(of: "\n", with: " ")
        return t.count > 80 ? String(t.prefix(79)) + "…" : t
    }
}

/// What an edit of a plan changed, as the audit log keeps it (each change as "field: before → after").
private struct PlanChanges: Encodable, Sendable {
    let changes: [String]
    let reason: String?
}
