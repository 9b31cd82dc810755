import Fluent
import FluentSQL
import SQLKit
import Vapor
import Domain

enum UnitService {
    struct TreeNode {
        let unit: Unit
        let depth: Int
    }

    static func aliases(of unitID: UUID, on db: any Database) async throws -> [String] {
        try await UnitAlias.query(on: db).filter(\.$unit.$id == unitID).sort(\.$name).all().map(\.name)
    }

    static func dto(_ unit: Unit, on db: any Database) async throws -> UnitDTO {
        UnitDTO(unit, aliases: try await aliases(of: try unit.requireID(), on: db))
    }

    /// The whole tree in display order (kind, then name), each unit with its depth.
    static func tree(on db: any Database, under root: Unit? = nil) async throws -> [TreeNode] {
        let q = Unit.query(on: db)
        if let root { q.within(.subtree(of: root)) }
        let units = try await q.all()
        var children: [UUID?: [Unit]] = [:]
        let ids = Set(units.compactMap(\.id))
        for u in units {
            let parentKey: UUID? = u.$parent.id.flatMap { ids.contains($0) ? $0 : nil }
            children[parentKey, default: []].append(u)
        }
        let kindOrder = Dictionary(uniqueKeysWithValues: UnitKind.allCases.enumerated().map { ($1, $0) })
        func sorted(_ list: [Unit]) -> [Unit] {
            list.sorted {
                let a = kindOrder[$0.kind] ?? 99, b = kindOrder[$1.kind] ?? 99
                return a != b ? a < b : $0.name.localizedStandardCompare($1.name) == .orderedAscending
            }
        }
        var out: [TreeNode] = []
        func walk(_ parent: UUID?, depth: Int) {
            for u in sorted(children[parent] ?? []) {
                out.append(TreeNode(unit: u, depth: depth))
                walk(u.id, depth: depth + 1)
            }
        }
        walk(nil, depth: 0)
        return out
    }

    /// Units whose name, short name, alias or code matches the query, ignoring case and diacritics,
    /// best first: the exact code, then an exact name or alias, names or codes that start with the words,
    /// names with a word that starts with them, and the rest; shorter names first within each. Ranked
    /// and paged by the database, with the total count for "showing 1–50 of N".
    /// With `date`, only the units valid on that day (the registry as it stood); without, every unit ever recorded.
    static func search(_ query: String, on db: any Database, date: CalendarDate? = nil, offset: Int = 0, limit: Int = 50) async throws -> (units: [Unit], total: Int) {
        let term = String(query.trimmingCharacters(in: .whitespacesAndNewlines).prefix(LikePattern.maxTermLength))
        let key = VietnameseText.fold(term)
        guard let contains = LikePattern.contains(key), let prefix = LikePattern.prefix(key),
              let codePrefix = LikePattern.prefix(term.uppercased()) else { return ([], 0) }
        let code = term.uppercased()
        let wordPrefix = "% " + LikePattern.escaped(key) + "%"
        func matching() -> QueryBuilder<Unit> {
            let q = Unit.query(on: db)
            if let date { q.valid(on: date) }
            return q.group(.or) { g in
                g.filter(.sql(like: "search_key", contains))
                g.filter(.sql(like: "code", codePrefix, upper: true))
                g.filter(.sql(embed: "\(ident: "id") IN (SELECT \(ident: "unit_id") FROM \(ident: UnitAlias.schema) WHERE \(ident: "search_key") LIKE \(bind: contains) ESCAPE '\\')"))
            }
        }
        let total = try await matching().count()
        let rank: SQLQueryString = """
            CASE WHEN UPPER(\(ident: "code")) = \(bind: code) THEN 0 \
            WHEN \(ident: "search_key") = \(bind: key) OR \(ident: "id") IN (SELECT \(ident: "unit_id") FROM \(ident: UnitAlias.schema) WHERE \(ident: "search_key") = \(bind: key)) THEN 1 \
            WHEN \(ident: "search_key") LIKE \(bind: prefix) ESCAPE '\\' OR UPPER(\(ident: "code")) LIKE \(bind: codePrefix) ESCAPE '\\' THEN 2 \
            WHEN \(ident: "search_key") LIKE \(bind: wordPrefix) ESCAPE '\\' THEN 3 ELSE 4 END
            """
        let units = try await matching().sort(.sql(embed: rank)).sort(.sql(embed: "LENGTH(\(ident: "name"))")).sort(\.$name)
            .range(offset..<(offset + limit)).all()
        return (units, total)
    }

    static func find(_ id: UUID?, on db: any Database) async throws -> Unit {
        guard let id, let unit = try await Unit.find(id, on: db) else {
            throw AppError.notFound("Không tìm thấy đơn vị.")
        }
        return unit
    }

    static func codeExists(_ code: String, except id: UUID?, on db: any Database) async throws -> Bool {
        let q = Unit.query(on: db).filter(\.$code == code)
        if let id { q.filter(\.$id != id) }
        return try await q.count() > 0
    }

    static func create(_ input: UnitInput, actor: AuditActor, now: Date, on db: any Database) async throws -> Unit {
        try await db.audited(by: actor, at: now) { db, audit in
            var parent: Unit?
            if let pid = input.parentID { parent = try await find(pid, on: db) }
            let unit = Unit(code: input.code, name: input.name, shortName: input.shortName, kind: input.kind,
                            level: input.level, parent: parent, validFrom: input.validFrom, validTo: input.validTo)
            try await unit.create(on: db)
            try await replaceAliases(of: unit, with: input.aliases, on: db)
            try await audit.record(.create, .unit, id: unit.id, unit: unit.id, summary: "Thêm đơn vị \(unit.name)", before: UnitDTO?.none, after: try await dto(unit, on: db))
            return unit
        }
    }

    static func update(_ unit: Unit, with input: UnitInput, actor: AuditActor, now: Date, on db: any Database) async throws {
        let audit = AuditedChange(actor: actor, action: .update, entityType: .unit,
                                  summary: "Sửa đơn vị \(VietnameseText.clean(input.name))", now: now)
        try await db.change(unit, audit, unitID: { $0.id }, snapshot: dto) { unit, db in
            unit.code = input.code
            unit.name = VietnameseText.clean(input.name)
            unit.shortName = input.shortName
            unit.kind = input.kind
            unit.level = input.level
            unit.validFrom = input.validFrom
            unit.validTo = input.validTo
            unit.searchKey = Unit.searchKey(name: unit.name, shortName: unit.shortName)
            if input.parentID != unit.$parent.id {
                var parent: Unit?
                if let pid = input.parentID { parent = try await find(pid, on: db) }
                try await reparent(unit, under: parent, save: false, on: db)
            }
            try await replaceAliases(of: unit, with: input.aliases, on: db)
        }
    }

    /// Puts `unit` under `parent` (a root when nil) and moves its whole subtree with it: every path is rewritten,
    /// so access, which follows the live path, changes at once.
    static func reparent(_ unit: Unit, under parent: Unit?, save: Bool = true, on db: any Database) async throws {
        let oldPath = unit.path
        if let parent, UnitScope.subtree(path: oldPath).contains(parent) {
            throw AppError(.unprocessableEntity, "Không thể chuyển đơn vị vào dưới chính nó hoặc đơn vị cấp dưới của nó.")
        }
        unit.$parent.id = parent?.id
        unit.path = (parent?.path ?? "/") + (try unit.requireID()).uuidString + "/"
        let descendants = try await Unit.query(on: db).within(UnitScope(reach: .subtrees([oldPath], strictly: true))).all()
        for d in descendants {
            d.path = unit.path + d.path.dropFirst(oldPath.count)
            try await d.save(on: db)
        }
        if save { try await unit.save(on: db) }
    }

    static func updateContact(_ unit: Unit, with input: UnitContactInput, actor: AuditActor, now: Date, on db: any Database) async throws {
        let audit = AuditedChange(actor: actor, action: .update, entityType: .unit, summary: "Cập nhật thông tin liên hệ của \(unit.name)", now: now)
        try await db.change(unit, audit, unitID: { $0.id }, snapshot: dto) { unit, _ in
            unit.address = input.address
            unit.phone = input.phone
            unit.email = input.email
            unit.website = input.website
        }
    }

    /// Retiring sets the valid-to date; the unit stays for history.
    static func retire(_ unit: Unit, on date: CalendarDate, actor: AuditActor, now: Date, on db: any Database) async throws {
        let audit = AuditedChange(actor: actor, action: .retire, entityType: .unit,
                                  summary: "Ngừng hoạt động đơn vị \(unit.name) từ \(date.display)", now: now)
        try await db.change(unit, audit, unitID: { $0.id }, snapshot: dto) { unit, _ in unit.validTo = date }
    }

    static func replaceAliases(of unit: Unit, with names: [String], on db: any Database) async throws {
        let id = try unit.requireID()
        // Names of the past (ended by a rename) stay; the current names are replaced.
        try await UnitAlias.query(on: db).filter(\.$unit.$id == id).filter(\.$validTo == nil).delete()
        var seen = Set<String>()
        for name in names {
            let clean = VietnameseText.clean(name)
            guard !clean.isEmpty, seen.insert(VietnameseText.fold(clean)).inserted else { continue }
            try await UnitAlias(unitID: id, name: clean).create(on: db)
        }
    }
}
