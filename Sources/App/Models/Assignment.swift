import Domain
import Fluent
import Foundation

/// One lead unit's part of an issued plan's task, with its window and due date.
final class Assignment: Model, @unchecked Sendable {
    static let schema = "assignments"

    enum Status: String, Codable, Sendable, CaseIterable {
        case open, done, cancelled
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "plan_id") var plan: Plan
    @Parent(key: "task_id") var task: TaskEntry
    @Parent(key: "unit_id") var unit: Unit
    @Field(key: "starts_on") var startsOn: CalendarDate
    @Field(key: "due_on") var dueOn: CalendarDate
    @Field(key: "status") var status: Status
    @OptionalField(key: "done_on") var doneOn: CalendarDate?
    /// Why the assignment is done without a file, when it is.
    @OptionalField(key: "justification") var justification: String?
    @OptionalField(key: "cancel_reason") var cancelReason: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Children(for: \.$assignment) var occurrences: [Occurrence]

    init() {}

    init(id: UUID = UUID(), planID: UUID, taskID: UUID, unitID: UUID, startsOn: CalendarDate, dueOn: CalendarDate) {
        self.id = id
        self.$plan.id = planID
        self.$task.id = taskID
        self.$unit.id = unitID
        self.startsOn = startsOn
        self.dueOn = dueOn
        self.status = .open
    }
}
