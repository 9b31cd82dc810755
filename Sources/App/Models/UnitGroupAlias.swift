import Fluent
import Vapor
import Domain

final class UnitGroupAlias: Model, @unchecked Sendable {
    static let schema = "unit_group_aliases"

    @ID(key: .id) var id: UUID?
    @Parent(key: "group_id") var group: UnitGroup
    @Field(key: "name") var name: String
    @Field(key: "search_key") var searchKey: String

    init() {}

    init(groupID: UUID, name: String) {
        self.$group.id = groupID
        self.name = VietnameseText.clean(name)
        self.searchKey = VietnameseText.fold(name)
    }
}
