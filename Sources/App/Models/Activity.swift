import Domain
import Fluent
import Foundation

/// Something a unit did for a task, recorded as evidence: for its own assignment (or one period of it), or as a
/// coordinating unit's contribution to a task another unit leads.
final class Activity: Model, @unchecked Sendable {
    static let schema = "activities"

    /// The plan owner's reading of the evidence.
    enum Review: String, Codable, Sendable {
        case pending, verified, rejected

        var label: String {
            switch self {
            case .pending: return "Chờ xác nhận"
            case .verified: return "Đã xác nhận"
            case .rejected: return "Bị trả lại"
            }
        }
    }

    @ID(key: .id) var id: UUID?
    /// The unit that did the work.
    @Parent(key: "unit_id") var unit: Unit
    @Parent(key: "plan_id") var plan: Plan
    @Parent(key: "task_id") var task: TaskEntry
    @OptionalParent(key: "assignment_id") var assignment: Assignment?
    @OptionalParent(key: "occurrence_id") var occurrence: Occurrence?
    @Field(key: "kind") var kind: ActivityKind
    @Field(key: "channel") var channel: ActivityChannel
    @Field(key: "happened_on") var happenedOn: CalendarDate
    @Field(key: "title") var title: String
    @OptionalField(key: "link") var link: String?
    /// Listeners, viewers, participants or copies.
    @OptionalField(key: "reach") var reach: Int?
    @OptionalField(key: "cost") var cost: Int64?
    @OptionalField(key: "note") var note: String?
    @Field(key: "review") var review: Review
    @OptionalField(key: "review_note") var reviewNote: String?
    @OptionalField(key: "recorded_by") var recordedBy: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Children(for: \.$activity) var files: [EvidenceFile]

    init() {}
}
