import Fluent
import Foundation

/// A lead unit's cost estimate for one of its assignments: the amount in đồng, where the money comes from and
/// whether it is spent province-wide or inside the unit; appraised by the finance office, approved by the committee.
final class CostEstimate: Model, @unchecked Sendable {
    static let schema = "cost_estimates"

    enum Source: String, Codable, Sendable, CaseIterable {
        case stateBudget = "state_budget"
        case other

        var label: String { self == .stateBudget ? "Ngân sách nhà nước" : "Nguồn hợp pháp khác" }
    }

    enum Scope: String, Codable, Sendable, CaseIterable {
        case provinceWide = "province_wide"
        case internalUse = "internal"

        var label: String { self == .provinceWide ? "Triển khai chung trên địa bàn" : "Trong nội bộ đơn vị" }
    }

    enum Status: String, Codable, Sendable, CaseIterable {
        case submitted, appraised, approved, returned

        var label: String {
            switch self {
            case .submitted: return "Chờ thẩm định"
            case .appraised: return "Đã thẩm định"
            case .approved: return "Đã phê duyệt"
            case .returned: return "Trả lại để sửa"
            }
        }
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "plan_id") var plan: Plan
    @Parent(key: "assignment_id") var assignment: Assignment
    @Parent(key: "unit_id") var unit: Unit
    @Field(key: "amount") var amount: Int64
    @Field(key: "source") var source: Source
    @Field(key: "scope") var scope: Scope
    @OptionalField(key: "note") var note: String?
    @Field(key: "status") var status: Status
    @OptionalField(key: "review_note") var reviewNote: String?
    @OptionalField(key: "reviewed_by") var reviewedBy: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(planID: UUID, assignmentID: UUID, unitID: UUID, amount: Int64, source: Source, scope: Scope, note: String?) {
        self.$plan.id = planID
        self.$assignment.id = assignmentID
        self.$unit.id = unitID
        self.amount = amount
        self.source = source
        self.scope = scope
        self.note = note
        self.status = .submitted
    }
}
