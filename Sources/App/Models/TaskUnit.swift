import Domain
import Fluent
import Foundation

/// A name in a task's lead or coordinating column, as written, and what it was resolved to in the registry:
/// one unit, a group (expanded when the plan is issued), or nothing yet.
final class TaskUnit: Model, @unchecked Sendable {
    static let schema = "plan_task_units"

    enum Role: String, Codable, Sendable {
        case lead, coordinating
    }

    /// How the name was matched; shown with its confidence so that a person checks the uncertain ones.
    enum Match: String, Codable, Sendable {
        case exact, alias, group, fuzzy, chosen, ignored, unresolved

        var label: String {
            switch self {
            case .exact: return "Khớp đúng tên"
            case .alias: return "Khớp tên gọi khác"
            case .group: return "Nhóm đơn vị"
            case .fuzzy: return "Gần đúng"
            case .chosen: return "Do người dùng chọn"
            case .ignored: return "Không giao cho đơn vị cụ thể"
            case .unresolved: return "Chưa xác định"
            }
        }
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "task_id") var task: TaskEntry
    @Parent(key: "plan_id") var plan: Plan
    @Field(key: "role") var role: Role
    @Field(key: "position") var position: Int
    @Field(key: "name") var name: String
    @OptionalParent(key: "unit_id") var unit: Unit?
    @OptionalParent(key: "group_id") var group: UnitGroup?
    @Field(key: "match") var match: Match
    /// 0…1; 1 for exact, alias, group and chosen matches.
    @Field(key: "confidence") var confidence: Double

    init() {}

    init(taskID: UUID, planID: UUID, role: Role, position: Int, name: String, resolution: UnitResolution) {
        self.$task.id = taskID
        self.$plan.id = planID
        self.role = role
        self.position = position
        self.name = VietnameseText.clean(name)
        apply(resolution)
    }

    /// Names no unit or group and is not marked "no specific unit": a lead like this stops the plan from being issued.
    var needsUnit: Bool { $unit.id == nil && $group.id == nil && match != .ignored }

    func apply(_ resolution: UnitResolution) {
        $unit.id = resolution.unitID
        $group.id = resolution.groupID
        match = resolution.match
        confidence = resolution.confidence
    }
}
