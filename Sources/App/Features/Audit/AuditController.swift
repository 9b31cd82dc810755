import Fluent
import Vapor
import Domain

struct AuditController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.audit, use: index)
    }

    @Sendable func index(req: Request, viewer: Viewer) async throws -> Response {
        struct Query: Content {
            var q: String?
            var type: String?
            var actor: String?
            var from: String?
            var to: String?
        }
        let query = (try? req.query.decode(Query.self)) ?? Query()
        var problem: String?
        func day(_ text: String?, plusOne: Bool) -> Date? {
            guard let t = text?.trimmingCharacters(in: .whitespaces).prefix(40), !t.isEmpty else { return nil }
            guard let d = UnitCSVImport.parseDate(String(t)) else {
                problem = "Ngày \"\(t)\" không hợp lệ và chưa được dùng để lọc. Hãy nhập theo dạng ngày/tháng/năm, ví dụ 01/07/2025."
                return nil
            }
            var comps = DateComponents()
            comps.year = d.year; comps.month = d.month; comps.day = d.day + (plusOne ? 1 : 0)
            var cal = Calendar(identifier: .gregorian)
            cal.timeZone = AppClock.zone
            return cal.date(from: comps)
        }
        let filter = AuditService.Filter(text: query.q.map { String($0.prefix(LikePattern.maxTermLength)) }, entityType: query.type.flatMap(AuditEntity.init(rawValue:)),
                                         actor: query.actor.map { String($0.prefix(64)) },
                                         from: day(query.from, plusOne: false), to: day(query.to, plusOne: true))
        let total = try await AuditService.count(on: req.db, viewer: viewer, filter: filter)
        let paging = Paging(page: req.pageNumber, total: total, noun: "bản ghi", link: { req.link(page: $0) })
        let entries = try await AuditService.search(on: req.db, viewer: viewer, filter: filter, offset: paging.offset, limit: paging.perPage)
        let ids = AuditDiff.unitIDs(in: entries.flatMap { [$0.before, $0.after] })
        let names = ids.isEmpty ? [:] : Dictionary(try await Unit.query(on: req.db).filter(\.$id ~~ Array(ids)).all()
            .compactMap { u in u.id.map { ($0.uuidString, u.name) } }, uniquingKeysWith: { a, _ in a })
        let rows = entries.map {
            AuditRow(at: AppClock.display($0.at), actor: $0.actorName,
                     action: $0.action.label,
                     entityType: $0.entityType.label, entityID: $0.entityID, summary: $0.summary,
                     changes: AuditDiff.changes(before: $0.before, after: $0.after, unitNames: names))
        }
        let page = AuditPage(text: String((query.q ?? "").prefix(LikePattern.maxTermLength)), entityType: query.type ?? "",
                             actor: String((query.actor ?? "").prefix(64)), from: String((query.from ?? "").prefix(40)),
                             to: String((query.to ?? "").prefix(40)), rows: rows,
                             entityTypes: [SelectOption(value: "", label: "Tất cả", selected: (query.type ?? "").isEmpty)]
                                + AuditEntity.allCases.map { SelectOption(value: $0.rawValue, label: $0.label, selected: $0.rawValue == query.type) },
                             paging: paging, error: problem)
        return try await req.render("audit/index", title: "Nhật ký thay đổi", section: "audit", page)
    }
}
