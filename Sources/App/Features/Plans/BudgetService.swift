import Domain
import Fluent
import Foundation
import Vapor

/// Cost estimates of a plan: a lead unit estimates its assignments, the finance office appraises (or returns them),
/// the issuing committee approves; totals per unit, per source and per scope. Every step audited.
enum BudgetService {
    /// Who may do what with a plan's estimates.
    struct Rights {
        let plan: Plan
        let viewer: Viewer

        /// Appraise: accounts that may edit the finance office's records.
        func mayAppraise(financeUnit: Unit?) -> Bool { financeUnit.map { viewer.may(.edit, $0) } ?? false }
        /// Approve: the issuing committee's leaders and plan owners (and administrators).
        var mayApprove: Bool { viewer.mayApproveBudget(of: plan.unit) }
    }

    static func estimate(_ plan: Plan, assignment: Assignment, amount: Int64, source: CostEstimate.Source, scope: CostEstimate.Scope,
                         note: String?, actor: AuditActor, now: Date, on db: any Database) async throws {
        guard plan.status == .issued else { throw AppError(.conflict, "Chỉ lập dự toán cho phân công của kế hoạch đã ban hành.") }
        let estimate = CostEstimate(planID: try plan.requireID(), assignmentID: try assignment.requireID(), unitID: assignment.$unit.id,
                                    amount: amount, source: source, scope: scope, note: note)
        try await db.audited(by: actor, at: now) { db, audit in
            try await estimate.create(on: db)
            try await audit.record(.create, .costEstimate, id: estimate.id, unit: assignment.$unit.id, summary: "Dự toán \(money(amount)) (\(source.label), \(scope.label)) cho phân công của kế hoạch \(plan.number ?? plan.title)",
                                   before: [String: String]?.none,
                                   after: ["amount": money(amount), "source": source.label, "scope": scope.label, "note": note ?? ""])
        }
    }

    enum Review: String {
        case appraise, reject, approve
    }

    static func review(_ estimate: CostEstimate, _ review: Review, note: String?, rights: Rights, financeUnit: Unit?, actor: AuditActor,
                       now: Date, on db: any Database) async throws {
        let next: CostEstimate.Status
        // Four eyes: whoever estimated does not appraise or approve the same estimate, and a unit is not the finance
        // office of its own estimate.
        if review != .reject, try await hasEstimated(estimate, actor: actor, on: db) {
            throw AppError(.forbidden, "Bạn đã lập dự toán này nên không tự thẩm định hay phê duyệt được.")
        }
        switch (review, estimate.status) {
        case (.appraise, .submitted):
            guard rights.mayAppraise(financeUnit: financeUnit) else { throw AppError.forbidden }
            guard financeUnit?.id != estimate.$unit.id else {
                throw AppError(.forbidden, "Đơn vị lập dự toán không tự thẩm định dự toán của mình; phụ trách kế hoạch cần giao cơ quan tài chính khác.")
            }
            next = .appraised
        case (.reject, .submitted), (.reject, .appraised):
            guard rights.mayAppraise(financeUnit: financeUnit) || rights.mayApprove else { throw AppError.forbidden }
            guard note != nil else { throw AppError(.unprocessableEntity, "Khi trả lại dự toán, vui lòng ghi lý do để đơn vị sửa.") }
            next = .returned
        case (.approve, .appraised):
            guard rights.mayApprove else { throw AppError.forbidden }
            next = .approved
        default:
            throw AppError(.conflict, "Dự toán đang ở bước \"\(estimate.status.label)\"; thao tác này không áp dụng.")
        }
        let audit = AuditedChange(actor: actor, action: .update, entityType: .costEstimate,
                                  summary: "\(next.label): dự toán \(money(estimate.amount))" + (note.map { " — \($0)" } ?? ""), now: now)
        try await db.change(estimate, audit, unitID: { $0.$unit.id }, snapshot: { e, _ in ["status": e.status.label] }) { e, _ in
            e.status = next
            e.reviewNote = note
            e.reviewedBy = actor.name
        }
    }

    /// Whether `actor` made the estimate, by its audit trail.
    static func hasEstimated(_ estimate: CostEstimate, actor: AuditActor, on db: any Database) async throws -> Bool {
        guard let id = estimate.id, let actorID = actor.id else { return false }
        return try await AuditEntry.query(on: db).filter(\.$entityType == .costEstimate).filter(\.$entityID == id.uuidString)
            .filter(\.$action == AuditAction.create).filter(\.$actorID == actorID).count() > 0
    }

    /// 1.250.000 đ
    static func money(_ amount: Int64) -> String { Paging.number(Int(amount)) + " đ" }
}
