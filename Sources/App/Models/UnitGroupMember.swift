import Fluent
import Vapor
import Domain

/// One unit of a group defined as a list.
final class UnitGroupMember: Model, @unchecked Sendable {
    static let schema = "unit_group_members"

    @ID(key: .id) var id: UUID?
    @Parent(key: "group_id") var group: UnitGroup
    @Parent(key: "unit_id") var unit: Unit

    init() {}

    init(groupID: UUID, unitID: UUID) {
        self.$group.id = groupID
        self.$unit.id = unitID
    }
}
