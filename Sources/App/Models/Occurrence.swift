import Domain
import Fluent
import Foundation

/// One period of a recurring assignment ("Tháng 01/2022", due 29/01/2022).
final class Occurrence: Model, @unchecked Sendable {
    static let schema = "assignment_occurrences"

    @ID(key: .id) var id: UUID?
    @Parent(key: "assignment_id") var assignment: Assignment
    @Field(key: "due_on") var dueOn: CalendarDate
    @Field(key: "label") var label: String

    init() {}

    init(assignmentID: UUID, occurrence: Schedule.Occurrence) {
        self.$assignment.id = assignmentID
        self.dueOn = occurrence.due
        self.label = occurrence.label
    }
}
