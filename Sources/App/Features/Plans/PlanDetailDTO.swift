import Domain
import Fluent
import Vapor

/// A plan through the API: the document as `cchc.plan/v1`, with the ids that let a client refer to its parts.
struct PlanDetailDTO: Content {
    struct TaskIDs: Content {
        let no: Int
        let id: UUID?
        let assignments: [UUID]
    }

    let id: UUID?
    let unitID: UUID
    let parentPlanID: UUID?
    let status: Plan.Status
    let plan: Domain.Plan
    let tasks: [TaskIDs]

    static func load(_ plan: Plan, on db: any Database) async throws -> PlanDetailDTO {
        let tasks = try await TaskEntry.query(on: db).filter(\.$plan.$id == plan.requireID()).sort(\.$position).field(\.$id).field(\.$no).all()
        let assignments = try await Assignment.query(on: db).filter(\.$plan.$id == plan.requireID()).field(\.$id).field(\.$task.$id).all()
        let byTask = Dictionary(grouping: assignments, by: { $0.$task.id })
        return PlanDetailDTO(id: plan.id, unitID: plan.$unit.id, parentPlanID: plan.$parentPlan.id, status: plan.status,
                             plan: try await PlanService.document(plan, on: db),
                             tasks: tasks.map { TaskIDs(no: $0.no, id: $0.id, assignments: (byTask[$0.id ?? UUID()] ?? []).compactMap(\.id)) })
    }
}
