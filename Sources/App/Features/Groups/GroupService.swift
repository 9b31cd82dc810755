import Fluent
import Vapor
import Domain

enum GroupService {
    static func search(_ query: String, on db: any Database, limit: Int = 20) async throws -> [GroupRow] {
        let key = VietnameseText.fold(String(query.prefix(LikePattern.maxTermLength)))
        guard let pattern = LikePattern.contains(key) else { return [] }
        let direct = try await UnitGroup.query(on: db).filter(.sql(like: "search_key", pattern)).with(\.$anchor).limit(limit).all()
        let viaAlias = try await UnitGroupAlias.query(on: db).filter(.sql(like: "search_key", pattern)).limit(limit).all().map { $0.$group.id }
        let known = Set(direct.compactMap(\.id))
        let extraIDs = Array(Set(viaAlias).subtracting(known))
        let extra = extraIDs.isEmpty ? [] : try await UnitGroup.query(on: db).filter(\.$id ~~ extraIDs).with(\.$anchor).all()
        return (direct + extra).map(row)
    }

    static func row(_ g: UnitGroup) -> GroupRow {
        GroupRow(id: g.id?.uuidString ?? "", name: g.name, anchorName: g.$anchor.value?.name ?? "")
    }

    static func groups(anchoredAt unit: Unit, on db: any Database) async throws -> [GroupRow] {
        try await UnitGroup.query(on: db).filter(\.$anchor.$id == unit.requireID()).with(\.$anchor).sort(\.$name).all().map(row)
    }

    /// The units a group names on `date`.
    static func resolve(_ group: UnitGroup, on date: CalendarDate, db: any Database) async throws -> [Unit] {
        let anchor = try await group.$anchor.get(on: db)
        let candidates = try await Unit.query(on: db).filter(\.$path, .custom("LIKE"), anchor.path + "%").all()
        let byID = Dictionary(uniqueKeysWithValues: candidates.compactMap { u in u.id.map { ($0, u) } })
        return group.rule.resolve(anchor: anchor.member, candidates: candidates.map(\.member), on: date)
            .compactMap { byID[$0.id] }
            .sorted { $0.name.localizedStandardCompare($1.name) == .orderedAscending }
    }

    static func create(name: String, anchor: Unit, rule: GroupRule, aliases: [String], actor: AuditActor, now: Date,
                       on db: any Database) async throws -> UnitGroup {
        try await db.write { db in
            let group = UnitGroup(name: name, anchorID: try anchor.requireID(), rule: rule)
            try await group.create(on: db)
            for alias in aliases { try await UnitGroupAlias(groupID: try group.requireID(), name: alias).create(on: db) }
            try await AuditService.record(on: db, actor: actor, action: .create, entityType: "unit_group", entityID: group.id,
                                          unitID: anchor.id, summary: "Tạo nhóm đơn vị \(group.name) thuộc \(anchor.name)",
                                          before: String?.none, after: GroupDTO(group, aliases: aliases), at: now)
            return group
        }
    }
}

struct GroupDTO: Content {
    let id: UUID?
    let name: String
    let anchorID: UUID
    let relation: String
    let kinds: [String]
    let levels: [String]
    let aliases: [String]

    init(_ g: UnitGroup, aliases: [String]) {
        id = g.id
        name = g.name
        anchorID = g.$anchor.id
        relation = g.relation
        kinds = g.rule.kinds.map(\.rawValue)
        levels = g.rule.levels.map(\.rawValue)
        self.aliases = aliases
    }
}
