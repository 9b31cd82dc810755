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
        /// nil: the units valid on `date`; "retired": those ended before it; "all": every unit ever recorded.
        var status: String?
        /// The day the tree is shown as it stood (today by default).
        var date: CalendarDate
        /// Whether `date` was asked for (links carry it on).
        var datedByRequest: Bool = false

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
        /// yyyy-mm-dd of the day shown, its display form, and "&date=…" for links (empty for today).
        let date: String
        let dateDisplay: String
        let dateQuery: String
    }

    /// Loads one page of the list: the children of `parent` (the roots when nil); with filters and no
    /// parent, every unit that matches.
    static func load(parent: Unit?, filters: Filters, page: Int, link: (Int) -> String,
                     on db: any Database) async throws -> (rows: [Row], paging: Paging, breadcrumb: [Unit]) {
        let date = filters.date
        let q = Unit.query(on: db)
        if parent != nil || (filters.kind == nil && filters.level == nil) {
            if filters.status == "all" { q.filter(\.$parent.$id == parent?.id) } else { _ = try await q.children(of: parent?.id, on: date) }
        }
        if let kind = filters.kind { q.filter(\.$kind == kind) }
        if let level = filters.level { q.filter(\.$level == level) }
        switch filters.status {
        case "all": break
        case "retired": q.filter(\.$validTo < date)
        default: q.valid(on: date)
        }
        let total = try await q.copy().count()
        let paging = Paging(page: page, total: total, noun: "đơn vị", link: link)
        let units = try await q.sort(\.$kind).sort(\.$name).range(paging.offset..<(paging.offset + paging.perPage)).all()
        let counts = try await childCounts(units.compactMap(\.id), on: date, all: filters.status != nil, db: db)
        let rows = units.map { Row(unit: UnitRow($0, today: date), childCount: $0.id.flatMap { counts[$0] } ?? 0) }
        let ancestorIDs = parent.map { Array($0.ancestorIDs.dropLast()) } ?? []
        let ancestors = ancestorIDs.isEmpty ? [] : try await Unit.query(on: db).filter(\.$id ~~ ancestorIDs).all()
            .sorted { $0.path.count < $1.path.count }
        return (rows, paging, ancestors + (parent.map { [$0] } ?? []))
    }

    /// How many units sit directly under each of `ids`, in one grouped query.
    /// How many units sit directly under each of `ids` (valid on `date`, or ever when `all`), in one grouped query.
    static func childCounts(_ ids: [UUID], on date: CalendarDate, all: Bool, db: any Database) async throws -> [UUID: Int] {
        guard !ids.isEmpty, let sql = db as? any SQLDatabase else { return [:] }
        struct Count: Decodable { let parent_id: UUID; let n: Int }
        let query = sql.select().column("parent_id").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(Unit.schema).where("parent_id", .in, ids)
        if !all {
            query.where { $0.where(SQLColumn("valid_from"), .is, SQLLiteral.null).orWhere(SQLColumn("valid_from"), .lessThanOrEqual, SQLBind(date)) }
                .where { $0.where(SQLColumn("valid_to"), .is, SQLLiteral.null).orWhere(SQLColumn("valid_to"), .greaterThanOrEqual, SQLBind(date)) }
        }
        let rows = try await query.groupBy("parent_id").all(decoding: Count.self)
        return Dictionary(rows.map { ($0.parent_id, $0.n) }, uniquingKeysWith: +)
    }

    static func filters(from req: Request) throws -> Filters {
        let date = try req.registryDate()
        return Filters(kind: (try? req.query.get(String.self, at: "kind")).flatMap(UnitKind.init(rawValue:)),
                       level: (try? req.query.get(String.self, at: "level")).flatMap(UnitLevel.init(rawValue:)),
                       status: (try? req.query.get(String.self, at: "status")).flatMap { ["all", "retired"].contains($0) ? $0 : nil },
                       date: date, datedByRequest: date != req.application.clock.today())
    }

    static func options(_ filters: Filters) -> (kinds: [SelectOption], levels: [SelectOption], statuses: [SelectOption]) {
        ([SelectOption(value: "", label: "Mọi loại", selected: filters.kind == nil)]
            + UnitKind.allCases.map { SelectOption(value: $0.rawValue, label: $0.label, selected: $0 == filters.kind) },
         [SelectOption(value: "", label: "Mọi cấp", selected: filters.level == nil)]
            + UnitLevel.allCases.map { SelectOption(value: $0.rawValue, label: $0.label, selected: $0 == filters.level) },
         [SelectOption(value: "", label: "Có hiệu lực vào ngày đã chọn", selected: filters.status == nil),
          SelectOption(value: "retired", label: "Đã ngừng hoạt động trước ngày đó", selected: filters.status == "retired"),
          SelectOption(value: "all", label: "Mọi thời kỳ", selected: filters.status == "all")])
    }
}
