import Fluent
import SQLKit
import Vapor
import Domain

/// The registry one level at a time: a unit's children (or the roots), with filters and pages, so a
/// national registry of 10,000 units opens as fast as a district's. Works without JavaScript: each
/// row with children links to its own level.
struct UnitBrowser: Sendable {
    struct Filters: Sendable {
        var kind: UnitKind?
        var level: UnitLevel?
        /// "active", "retired", or nil for all.
        var status: String?

        var isEmpty: Bool { kind == nil && level == nil && status == nil }
    }

    struct Row: Encodable {
        let unit: UnitRow
        let childCount: Int
    }

    struct Page: Encodable {
        let parent: UnitRow?
        let breadcrumb: [UnitRow]
        let rows: [Row]
        let paging: Paging
        let kinds: [SelectOption]
        let levels: [SelectOption]
        let statuses: [SelectOption]
        let parentID: String
        let filtered: Bool
        let canManage: Bool
    }

    /// Loads one page of the list: the children of `parent` (the roots when nil); with filters and no
    /// parent, every unit that matches.
    static func load(parent: Unit?, filters: Filters, page: Int, today: CalendarDate, link: (Int) -> String,
                     on db: any Database) async throws -> (rows: [Row], paging: Paging, breadcrumb: [Unit]) {
        let q = Unit.query(on: db)
        if let parent { q.filter(\.$parent.$id == (try parent.requireID())) }
        else if filters.isEmpty { q.filter(\.$parent.$id == nil) }
        if let kind = filters.kind { q.filter(\.$kind == kind) }
        if let level = filters.level { q.filter(\.$level == level) }
        switch filters.status {
        case "active": q.group(.or) { $0.filter(\.$validTo == nil).filter(\.$validTo >= today) }
        case "retired": q.filter(\.$validTo < today)
        default: break
        }
        let total = try await q.copy().count()
        let paging = Paging(page: page, total: total, noun: "đơn vị", link: link)
        let units = try await q.sort(\.$kind).sort(\.$name).range(paging.offset..<(paging.offset + paging.perPage)).all()
        let counts = try await childCounts(units.compactMap(\.id), on: db)
        let rows = units.map { Row(unit: UnitRow($0, today: today), childCount: $0.id.flatMap { counts[$0] } ?? 0) }
        let ancestorIDs = parent.map { Array($0.ancestorIDs.dropLast()) } ?? []
        let ancestors = ancestorIDs.isEmpty ? [] : try await Unit.query(on: db).filter(\.$id ~~ ancestorIDs).all()
            .sorted { $0.path.count < $1.path.count }
        return (rows, paging, ancestors + (parent.map { [$0] } ?? []))
    }

    /// How many units sit directly under each of `ids`, in one grouped query.
    static func childCounts(_ ids: [UUID], on db: any Database) async throws -> [UUID: Int] {
        guard !ids.isEmpty, let sql = db as? any SQLDatabase else { return [:] }
        struct Count: Decodable { let parent_id: UUID; let n: Int }
        let rows = try await sql.select().column("parent_id").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(Unit.schema).where("parent_id", .in, ids).groupBy("parent_id").all(decoding: Count.self)
        return Dictionary(rows.map { ($0.parent_id, $0.n) }, uniquingKeysWith: +)
    }

    static func filters(from req: Request) -> Filters {
        Filters(kind: (try? req.query.get(String.self, at: "kind")).flatMap(UnitKind.init(rawValue:)),
                level: (try? req.query.get(String.self, at: "level")).flatMap(UnitLevel.init(rawValue:)),
                status: (try? req.query.get(String.self, at: "status")).flatMap { ["active", "retired"].contains($0) ? $0 : nil })
    }

    static func options(_ filters: Filters) -> (kinds: [SelectOption], levels: [SelectOption], statuses: [SelectOption]) {
        ([SelectOption(value: "", label: "Mọi loại", selected: filters.kind == nil)]
            + UnitKind.allCases.map { SelectOption(value: $0.rawValue, label: $0.label, selected: $0 == filters.kind) },
         [SelectOption(value: "", label: "Mọi cấp", selected: filters.level == nil)]
            + UnitLevel.allCases.map { SelectOption(value: $0.rawValue, label: $0.label, selected: $0 == filters.level) },
         [SelectOption(value: "", label: "Mọi hiệu lực", selected: filters.status == nil),
          SelectOption(value: "active", label: "Đang hoạt động", selected: filters.status == "active"),
          SelectOption(value: "retired", label: "Đã ngừng hoạt động", selected: filters.status == "retired")])
    }
}
