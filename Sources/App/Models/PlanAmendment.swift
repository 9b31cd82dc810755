import Fluent
import Foundation

/// A change to an issued plan: who, when, why, and what changed (a readable list).
final class PlanAmendment: Model, @unchecked Sendable {
    static let schema = "plan_amendments"

    @ID(key: .id) var id: UUID?
    @Parent(key: "plan_id") var plan: Plan
    @Field(key: "at") var at: Date
    @OptionalField(key: "actor_id") var actorID: UUID?
    @Field(key: "actor_name") var actorName: String
    @Field(key: "reason") var reason: String
    @Field(key: "changes") var changes: [String]

    init() {}

    init(planID: UUID, at: Date, actor: AuditActor, reason: String, changes: [String]) {
        self.$plan.id = planID
        self.at = at
        self.actorID = actor.id
        self.actorName = actor.name
        self.reason = reason
        self.changes = changes
    }
}
