import Fluent
import Vapor
import Domain

/// A body in the administrative tree: a committee, a department, an office, a commune, a hamlet …
final class Unit: Model, @unchecked Sendable {
    static let schema = "units"

    @ID(key: .id) var id: UUID?
    @Field(key: "code") var code: String
    @Field(key: "name") var name: String
    @OptionalField(key: "short_name") var shortName: String?
    @Field(key: "kind") var kind: UnitKind
    @Field(key: "level") var level: UnitLevel
    @OptionalParent(key: "parent_id") var parent: Unit?
    /// Materialised path of ids, "/<root>/<child>/…/<self>/", so a subtree is one prefix match.
    @Field(key: "path") var path: String
    @OptionalField(key: "valid_from") var validFrom: CalendarDate?
    @OptionalField(key: "valid_to") var validTo: CalendarDate?
    @OptionalField(key: "address") var address: String?
    @OptionalField(key: "phone") var phone: String?
    @OptionalField(key: "email") var email: String?
    @OptionalField(key: "website") var website: String?
    @Field(key: "search_key") var searchKey: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    @Children(for: \.$unit) var aliases: [UnitAlias]

    init() {}

    init(id: UUID = UUID(), code: String, name: String, shortName: String? = nil, kind: UnitKind, level: UnitLevel,
         parent: Unit? = nil, validFrom: CalendarDate? = nil, validTo: CalendarDate? = nil) {
        self.id = id
        self.code = code
        self.name = VietnameseText.clean(name)
        self.shortName = shortName.map(VietnameseText.clean)
        self.kind = kind
        self.level = level
        self.$parent.id = parent?.id
        self.path = (parent?.path ?? "/") + id.uuidString + "/"
        self.validFrom = validFrom
        self.validTo = validTo
        self.searchKey = Unit.searchKey(name: name, shortName: shortName)
    }

    static func searchKey(name: String, shortName: String?) -> String {
        VietnameseText.fold([name, shortName ?? ""].joined(separator: " "))
    }

    func isValid(on date: CalendarDate) -> Bool {
        member.isValid(on: date)
    }

    func isRetired(on today: CalendarDate) -> Bool { validTo.map { $0 < today } ?? false }

    var member: GroupRule.Member {
        GroupRule.Member(id: id ?? UUID(), parentID: $parent.id, path: path, kind: kind, level: level,
                         validFrom: validFrom, validTo: validTo)
    }

    /// Ids along the path, root first, self last.
    var ancestorIDs: [UUID] {
        path.split(separator: "/").compactMap { UUID(uuidString: String($0)) }
    }
}
