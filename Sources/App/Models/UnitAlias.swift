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

    init() {}

    init(unitID: UUID, name: String) {
        self.$unit.id = unitID
        self.name = VietnameseText.clean(name)
        self.searchKey = VietnameseText.fold(name)
    }
}
