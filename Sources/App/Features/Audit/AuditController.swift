import Fluent
import Vapor
import Domain

struct AuditRow: Encodable {
    let at: String
    let actor: String
    let action: String
    let entityType: String
    let entityID: String
    let summary: String
    let before: String?
    let after: String?
}

struct AuditPage: Encodable {
    let text: String
    let entityType: String
    let actor: String
    let from: String
    let to: String
    let rows: [AuditRow]
    let entityTypes: [SelectOption]
}

struct AuditController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("audit", use: index)
    }

    static let entityLabels: [(String, String)] = [
        ("unit", "Đơn vị"), ("unit_group", "Nhóm đơn vị"), ("user", "Tài khoản"), ("api_token", "Mã truy cập API"),
    ]

    @Sendable func index(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        struct Query: Content {
            var q: String?
            var type: String?
            var actor: String?
            var from: String?
            var to: String?
        }
        let query = (try? req.query.decode(Query.self)) ?? Query()
        func day(_ text: String?, plusOne: Bool) throws -> Date? {
            guard let t = text?.trimmingCharacters(in: .whitespaces), !t.isEmpty else { return nil }
            guard let d = UnitCSVImport.parseDate(t) else {
                throw AppError(.badRequest, "Ngày \"\(t)\" không hợp lệ, hãy nhập theo dạng dd/mm/yyyy.")
            }
            var comps = DateComponents()
            comps.year = d.year; comps.month = d.month; comps.day = d.day + (plusOne ? 1 : 0)
            var cal = Calendar(identifier: .gregorian)
            cal.timeZone = AppClock.zone
            return cal.date(from: comps)
        }
        let filter = AuditService.Filter(text: query.q, entityType: query.type, actor: query.actor,
                                         from: try day(query.from, plusOne: false), to: try day(query.to, plusOne: true))
        let entries = try await AuditService.search(on: req.db, viewer: viewer, filter: filter)
        let labels = Dictionary(uniqueKeysWithValues: Self.entityLabels)
        let rows = entries.map {
            AuditRow(at: AppClock.display($0.at), actor: $0.actorName,
                     action: AuditService.Action(rawValue: $0.action)?.label ?? $0.action,
                     entityType: labels[$0.entityType] ?? $0.entityType, entityID: $0.entityID, summary: $0.summary,
                     before: $0.before, after: $0.after)
        }
        let page = AuditPage(text: query.q ?? "", entityType: query.type ?? "", actor: query.actor ?? "", from: query.from ?? "",
                             to: query.to ?? "", rows: rows,
                             entityTypes: [SelectOption(value: "", label: "Tất cả", selected: (query.type ?? "").isEmpty)]
                                + Self.entityLabels.map { SelectOption(value: $0.0, label: $0.1, selected: $0.0 == query.type) })
        return try await req.render("audit/index", title: "Nhật ký thay đổi", section: "audit", page)
    }
}
