import Domain
import Fluent
import Foundation

/// A plan's budget: every estimate with its step, totals per unit, per source and per scope, the forms a unit
/// uses to estimate its own assignments, and the review buttons for the finance office and the committee.
struct BudgetPage: Encodable {
    struct Line: Encodable {
        let id: String
        let unit: String
        let task: String
        let amount: String
        let source: String
        let scope: String
        let note: String?
        let status: String
        let reviewNote: String?
        let canAppraise: Bool
        let canApprove: Bool
        let canReject: Bool
    }

    struct Total: Encodable {
        let label: String
        let amount: String
        let approved: String
    }

    let id: String
    let title: String
    let issued: Bool
    let financeUnit: String?
    let canSetFinance: Bool
    let lines: [Line]
    let byUnit: [Total]
    let bySource: [Total]
    let byScope: [Total]
    let total: Total
    /// The viewer's unit's own assignments it may estimate.
    let ownAssignments: [SelectOption]
    let sources: [SelectOption]
    let scopes: [SelectOption]
    let message: String?

    static func load(_ plan: Plan, viewer: Viewer, message: String? = nil, on db: any Database) async throws -> BudgetPage {
        let planID = try plan.requireID()
        let finance = try await plan.$financeUnit.get(on: db)
        let rights = BudgetService.Rights(plan: plan, viewer: viewer)
        let estimates = try await CostEstimate.query(on: db).filter(\.$plan.$id == planID).with(\.$unit).with(\.$assignment) { $0.with(\.$task) }
            .sort(\.$createdAt).all()
        let lines = estimates.map { e in
            Line(id: e.id?.uuidString ?? "", unit: e.unit.name, task: "\(e.assignment.task.no). \(e.assignment.task.content)",
                 amount: BudgetService.money(e.amount), source: e.source.label, scope: e.scope.label, note: e.note, status: e.status.label,
                 reviewNote: e.reviewNote,
                 canAppraise: e.status == .submitted && rights.mayAppraise(financeUnit: finance),
                 canApprove: e.status == .appraised && rights.mayApprove,
                 canReject: (e.status == .submitted || e.status == .appraised) && (rights.mayAppraise(financeUnit: finance) || rights.mayApprove))
        }
        func totals<K: Hashable>(_ key: (CostEstimate) -> K, _ label: (CostEstimate) -> String) -> [Total] {
            Dictionary(grouping: estimates, by: key).values.map { list in
                Total(label: label(list[0]), amount: BudgetService.money(list.saturatedSum(\.amount)),
                      approved: BudgetService.money(list.filter { $0.status == .approved }.saturatedSum(\.amount)))
            }.sorted { $0.label < $1.label }
        }
        let editable = viewer.isAdmin ? [] : try await Assignment.query(on: db).filter(\.$plan.$id == planID)
            .filter(\.$unit.$id == viewer.unit.requireID()).with(\.$task).all()
        return BudgetPage(
            id: planID.uuidString, title: plan.title, issued: plan.status == .issued, financeUnit: finance?.name,
            canSetFinance: viewer.mayAuthor(planOf: plan.unit), lines: lines,
            byUnit: totals({ $0.$unit.id }, { $0.unit.name }), bySource: totals({ $0.source }, { $0.source.label }),
            byScope: totals({ $0.scope }, { $0.scope.label }),
            total: Total(label: "Tổng cộng", amount: BudgetService.money(estimates.saturatedSum(\.amount)),
                         approved: BudgetService.money(estimates.filter { $0.status == .approved }.saturatedSum(\.amount))),
            ownAssignments: editable.sorted { $0.task.position < $1.task.position }
                .map { SelectOption(value: $0.id?.uuidString ?? "", label: "\($0.task.no). \(PlanEditing.short($0.task.content))", selected: false) },
            sources: CostEstimate.Source.allCases.map { SelectOption(value: $0.rawValue, label: $0.label, selected: $0 == .stateBudget) },
            scopes: CostEstimate.Scope.allCases.map { SelectOption(value: $0.rawValue, label: $0.label, selected: $0 == .internalUse) },
            message: message)
    }
}
