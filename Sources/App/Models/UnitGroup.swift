import Fluent
import Vapor
import Domain

/// A named set of units defined by a rule over the tree ("UBND cấp xã" under a district).
final class UnitGroup: Model, @unchecked Sendable {
    static let schema = "unit_groups"

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @Parent(key: "anchor_id") var anchor: Unit
    @Field(key: "relation") var relation: String
    /// Comma-separated `UnitKind` codes; empty = any.
    @Field(key: "kinds") var kinds: String
    /// Comma-separated `UnitLevel` codes; empty = any.
    @Field(key: "levels") var levels: String
    @Field(key: "search_key") var searchKey: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @OptionalField(key: "valid_from") var validFrom: CalendarDate?
    @OptionalField(key: "valid_to") var validTo: CalendarDate?
    @Children(for: \.$group) var aliases: [UnitGroupAlias]

    /// "list": the group names its units one by one (`UnitGroupMember`) instead of by a rule.
    static let listRelation = "list"
    var isList: Bool { relation == Self.listRelation }

    func isValid(on date: CalendarDate) -> Bool {
        if let from = validFrom, date < from { return false }
        if let to = validTo, to < date { return false }
        return true
    }

    init() {}

    init(id: UUID = UUID(), name: String, anchorID: UUID, rule: GroupRule) {
        self.id = id
        self.name = VietnameseText.clean(name)
        self.$anchor.id = anchorID
        self.relation = rule.relation.rawValue
        self.kinds = rule.kinds.map(\.rawValue).joined(separator: ",")
        self.levels = rule.levels.map(\.rawValue).joined(separator: ",")
        self.searchKey = VietnameseText.fold(name)
    }

    var rule: GroupRule {
        GroupRule(relation: GroupRule.Relation(rawValue: relation) ?? .children,
                  kinds: kinds.split(separator: ",").compactMap { UnitKind(rawValue: String($0)) },
                  levels: levels.split(separator: ",").compactMap { UnitLevel(rawValue: String($0)) })
    }
}
