import Domain
import Fluent
import Foundation

/// The issue form, with what still stops the plan from being issued.
struct PlanIssuePage: Encodable {
    let id: String
    let title: String
    let isDraft: Bool
    let form: PlanIssueForm
    let errors: [String: String]
    let message: String?
    let taskCount: Int
    let unresolvedLeads: [String]

    static func load(_ plan: Plan, form: PlanIssueForm, errors: FieldErrors, message: String?, on db: any Database) async throws -> PlanIssuePage {
        let planID = try plan.requireID()
        let links = try await TaskUnit.query(on: db).filter(\.$plan.$id == planID).filter(\.$role == .lead).all()
        let open = links.filter(\.needsUnit).map(\.name)
        let taskCount = try await TaskEntry.query(on: db).filter(\.$plan.$id == planID).count()
        return PlanIssuePage(id: planID.uuidString, title: plan.title, isDraft: plan.status == .draft, form: form, errors: errors.all,
                             message: message, taskCount: taskCount, unresolvedLeads: Array(Set(open)).sorted())
    }
}
