import Fluent
import Vapor
import Domain

/// Another name a document uses for a unit ("PNV", "Phòng Nội vụ huyện").
final class UnitAlias: Model, @unchecked Sendable {
    static let schema = "unit_aliases"

    @ID(key: .id) var id: UUID?
    @Parent(key: "unit_id") var unit: Unit
    @Field(key: "name") var name: String
    @Field(key: "search_key") var searchKey: String
    /// When the name was in use (a former name ends the day before the unit was renamed).
    @OptionalField(key: "valid_from") var validFrom: CalendarDate?
    @OptionalField(key: "valid_to") var validTo: CalendarDate?

    init() {}

    init(unitID: UUID, name: String, validFrom: CalendarDate? = nil, validTo: CalendarDate? = nil) {
        self.$unit.id = unitID
        self.name = VietnameseText.clean(name)
        self.searchKey = VietnameseText.fold(name)
        self.validFrom = validFrom
        self.validTo = validTo
    }

    func isValid(on date: CalendarDate) -> Bool {
        if let from = validFrom, date < from { return false }
        if let to = validTo, to < date { return false }
        return true
    }
}
