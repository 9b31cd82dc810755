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

struct GroupShowPage: Encodable {
    let name: String
    let anchor: UnitRow
    let aliases: [String]
    let ruleText: String
    let date: String
    let members: [UnitRow]
}

struct GroupController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("groups", ":groupID", use: show)
    }

    @Sendable func show(req: Request) async throws -> Response {
        _ = try req.requireViewer()
        guard let id = req.parameters.get("groupID", as: UUID.self),
              let group = try await UnitGroup.query(on: req.db).filter(\.$id == id).with(\.$anchor).with(\.$aliases).first() else {
            throw AppError.notFound("Không tìm thấy nhóm đơn vị.")
        }
        let today = req.application.clock.today()
        var date = today
        if let text = try? req.query.get(String.self, at: "date"), !text.isEmpty {
            guard let d = UnitCSVImport.parseDate(text) else {
                throw AppError(.badRequest, "Ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy.")
            }
            date = d
        }
        let members = try await GroupService.resolve(group, on: date, db: req.db)
        let rule = group.rule
        let ruleText = (rule.relation == .children ? "Đơn vị trực thuộc " : "Mọi đơn vị cấp dưới của ") + group.anchor.name
            + (rule.kinds.isEmpty ? "" : ", loại: " + rule.kinds.map(\.label).joined(separator: ", "))
            + (rule.levels.isEmpty ? "" : ", cấp: " + rule.levels.map(\.label).joined(separator: ", "))
        return try await req.render("groups/show", title: group.name, section: "units",
                                    GroupShowPage(name: group.name, anchor: UnitRow(group.anchor, today: today),
                                                  aliases: group.aliases.map(\.name).sorted(), ruleText: ruleText,
                                                  date: date.display, members: members.map { UnitRow($0, today: today) }))
    }
}
