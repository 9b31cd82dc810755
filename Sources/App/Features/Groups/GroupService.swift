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

    /// The units a group names on `date`: none outside the group's own validity; for a list, its units
    /// valid that day; for a rule, what the rule finds under the anchor.
    static func resolve(_ group: UnitGroup, on date: CalendarDate, db: any Database) async throws -> [Unit] {
        guard group.isValid(on: date) else { return [] }
        if group.isList {
            let ids = try await UnitGroupMember.query(on: db).filter(\.$group.$id == group.requireID()).all().map { $0.$unit.id }
            return try await Unit.query(on: db).filter(\.$id ~~ ids).all().filter { $0.isValid(on: date) }
                .sorted { $0.name.localizedStandardCompare($1.name) == .orderedAscending }
        }
        let anchor = try await group.$anchor.get(on: db)
        let candidates = try await Unit.query(on: db).within(.subtree(of: anchor)).all()
        let byID = Dictionary(uniqueKeysWithValues: candidates.compactMap { u in u.id.map { ($0, u) } })
        return group.rule.resolve(anchor: anchor.member, candidates: candidates.map(\.member), on: date)
            .compactMap { byID[$0.id] }
            .sorted { $0.name.localizedStandardCompare($1.name) == .orderedAscending }
    }

    static func create(name: String, anchor: Unit, rule: GroupRule, aliases: [String], actor: AuditActor, now: Date,
                       on db: any Database) async throws -> UnitGroup {
        try await db.audited(by: actor, at: now) { db, audit in
            let group = UnitGroup(name: name, anchorID: try anchor.requireID(), rule: rule)
            try await group.create(on: db)
            for alias in aliases { try await UnitGroupAlias(groupID: try group.requireID(), name: alias).create(on: db) }
            try await audit.record(.create, .unitGroup, id: group.id, unit: anchor.id, summary: "Tạo nhóm đơn vị \(group.name) thuộc \(anchor.name)", before: String?.none, after: GroupDTO(group, aliases: aliases))
            return group
        }
    }
}

extension GroupService {
    /// Creates (`group` nil) or changes a group: its rule or its list, aliases and validity; audited with before and after.
    static func save(_ existing: UnitGroup?, anchor: Unit, input: GroupForm.Checked, members: [Unit], actor: AuditActor, now: Date,
                     on db: any Database) async throws -> UnitGroup {
        let anchorID = try anchor.requireID()
        let group = existing ?? UnitGroup(name: input.name, anchorID: anchorID, rule: input.rule)
        let audit = AuditedChange(actor: actor, action: existing == nil ? .create : .update, entityType: .unitGroup,
                                  summary: (existing == nil ? "Tạo" : "Sửa") + " nhóm đơn vị \(input.name) thuộc \(anchor.name)", now: now)
        try await db.change(group, audit, unitID: { _ in anchorID }, snapshot: dto) { group, _ in
            group.name = input.name
            group.searchKey = VietnameseText.fold(input.name)
            group.$anchor.id = anchorID
            group.relation = input.isList ? UnitGroup.listRelation : input.rule.relation.rawValue
            group.kinds = input.isList ? "" : input.rule.kinds.map(\.rawValue).joined(separator: ",")
            group.levels = input.isList ? "" : input.rule.levels.map(\.rawValue).joined(separator: ",")
            group.validFrom = input.validFrom
            group.validTo = input.validTo
        } afterSave: { group, db in
            let id = try group.requireID()
            try await UnitGroupAlias.query(on: db).filter(\.$group.$id == id).delete()
            for alias in input.aliases { try await UnitGroupAlias(groupID: id, name: alias).create(on: db) }
            try await UnitGroupMember.query(on: db).filter(\.$group.$id == id).delete()
            if input.isList {
                for unit in members { try await UnitGroupMember(groupID: id, unitID: try unit.requireID()).create(on: db) }
            }
        }
        return group
    }

    static func dto(_ group: UnitGroup, on db: any Database) async throws -> GroupDTO {
        let id = try group.requireID()
        let aliases = try await UnitGroupAlias.query(on: db).filter(\.$group.$id == id).all().map(\.name).sorted()
        let memberIDs = try await UnitGroupMember.query(on: db).filter(\.$group.$id == id).all().map { $0.$unit.id }
        let codes = memberIDs.isEmpty ? [] : try await Unit.query(on: db).filter(\.$id ~~ memberIDs).all().map(\.code).sorted()
        return GroupDTO(group, aliases: aliases, members: codes)
    }
}
