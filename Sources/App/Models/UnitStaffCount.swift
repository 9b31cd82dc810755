import Domain
import Fluent
import Foundation

/// A unit's staff count from a date on ("số biên chế" / the people a contest's participation rate divides by): the
/// count in force on a day is the latest dated on or before it. One count per unit and date.
final class UnitStaffCount: Model, @unchecked Sendable {
    static let schema = "unit_staff_counts"

    @ID(key: .id) var id: UUID?
    @Parent(key: "unit_id") var unit: Unit
    @Field(key: "staff") var staff: Int
    @Field(key: "as_of") var asOf: CalendarDate
    @Field(key: "recorded_by") var recordedBy: String
    @Field(key: "recorded_at") var recordedAt: Date

    init() {}

    init(unitID: UUID, staff: Int, asOf: CalendarDate, recordedBy: String, at: Date) {
        self.id = UUID()
        self.$unit.id = unitID
        self.staff = staff
        self.asOf = asOf
        self.recordedBy = recordedBy
        self.recordedAt = at
    }
}

extension UnitStaffCount: UnitOwned { static let ownerUnitColumn = "unit_id" }
