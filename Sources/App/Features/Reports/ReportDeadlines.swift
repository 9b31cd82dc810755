import Domain
import Fluent
import Vapor

/// The year's report dates per tier (top unit, units right below, further below) and period, set by administrators
/// where they differ from the customary ones; a row equal to the customary dates is not kept.
struct ReportDeadlinesPage: Encodable {
    struct Row: Encodable {
        let key: String
        let tier: String
        let period: String
        let from: String
        let to: String
        let due: String
        let custom: Bool
    }

    let year: Int
    let years: [SelectOption]
    let rows: [Row]
    let message: String?

    static let tiers = ["Đơn vị đứng đầu (tỉnh, thành phố)", "Đơn vị ngay dưới (sở, ngành, xã, phường)", "Đơn vị cấp dưới nữa"]

    static func key(tier: Int, period: ReportPeriod) -> String { "t\(tier)_\(period.rawValue)" }

    static func load(year: Int, today: CalendarDate, typed: [String: String] = [:], message: String? = nil, on db: any Database) async throws -> ReportDeadlinesPage {
        let own = try await ReportDeadline.query(on: db).filter(\.$year == year).all()
        var rows: [Row] = []
        for tier in 0..<tiers.count {
            for period in ReportPeriod.allCases {
                let set = own.first { $0.tier == tier && $0.period == period }
                let standard = ReportWindow.standard(period, year: year, tier: tier)
                let key = Self.key(tier: tier, period: period)
                rows.append(Row(key: key, tier: tiers[tier], period: period.label,
                                from: typed[key + "_from"] ?? (set?.startsOn ?? standard?.from)?.display ?? "",
                                to: typed[key + "_to"] ?? (set?.endsOn ?? standard?.to)?.display ?? "",
                                due: typed[key + "_due"] ?? (set?.dueOn ?? standard?.due)?.display ?? "", custom: set != nil))
            }
        }
        return ReportDeadlinesPage(year: year, years: ((today.year - 1)...(today.year + 2)).map { SelectOption(value: "\($0)", label: "\($0)", selected: $0 == year) },
                                   rows: rows, message: message)
    }

    /// Reads the form: every row's three dates, checked; the rows that differ from the customary dates.
    static func read(_ form: [String: String], year: Int) throws -> [ReportDeadline] {
        var custom: [ReportDeadline] = []
        for tier in 0..<tiers.count {
            for period in ReportPeriod.allCases {
                let key = Self.key(tier: tier, period: period)
                func date(_ part: String, _ name: String) throws -> CalendarDate {
                    guard let d = UnitCSVImport.parseDate((form[key + "_" + part] ?? "").trimmingCharacters(in: .whitespaces)) else {
                        throw AppError.badRequest("\(tiers[tier]), \(period.label): \(name) phải là ngày dạng dd/mm/yyyy.")
                    }
                    return d
                }
                let window = ReportWindow(period: period, year: year, from: try date("from", "ngày bắt đầu"), to: try date("to", "ngày chốt số liệu"),
                                          due: try date("due", "hạn nộp"))
                if let problem = window.problem { throw AppError.badRequest("\(tiers[tier]), \(period.label): \(problem)") }
                if window != ReportWindow.standard(period, year: year, tier: tier) {
                    custom.append(ReportDeadline(year: year, tier: tier, period: period, window: window))
                }
            }
        }
        return custom
    }
}

struct ReportDeadlinesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.reportDeadlines, require: \.isAdmin, use: show)
        routes.on(.reportDeadlinesSave, use: save)
    }

    @Sendable func show(req: Request, viewer: Viewer) async throws -> Response {
        let page = try await ReportDeadlinesPage.load(year: req.queryYear, today: req.application.clock.today(), on: req.db)
        return try await req.render("reports/deadlines", title: "Kỳ báo cáo và hạn nộp", section: "reports", page)
    }

    @Sendable func save(req: Request, viewer: Viewer) async throws -> Response {
        guard viewer.isAdmin else { throw AppError.forbidden }
        let year = req.queryYear
        let form = (try? req.content.decode([String: String].self)) ?? [:]
        let custom: [ReportDeadline]
        do {
            custom = try ReportDeadlinesPage.read(form, year: year)
        } catch let error as AppError {
            let page = try await ReportDeadlinesPage.load(year: year, today: req.application.clock.today(), typed: form, message: error.reason, on: req.db)
            return try await req.render("reports/deadlines", title: "Kỳ báo cáo và hạn nộp", section: "reports", page, status: error.status)
        }
        let now = req.application.clock.now()
        try await req.db.audited(by: viewer.actor, at: now) { db, audit in
            let before = try await ReportDeadline.query(on: db).filter(\.$year == year).all()
                .map { "\($0.tier) \($0.period.rawValue) \($0.startsOn.display)–\($0.endsOn.display) hạn \($0.dueOn.display)" }.sorted()
            try await ReportDeadline.query(on: db).filter(\.$year == year).delete()
            for row in custom { try await row.create(on: db) }
            let after = custom.map { "\($0.tier) \($0.period.rawValue) \($0.startsOn.display)–\($0.endsOn.display) hạn \($0.dueOn.display)" }.sorted()
            try await audit.record(.update, .reportDeadlines, id: nil, unit: nil, summary: "Kỳ báo cáo năm \(year): \(custom.count) kỳ có ngày riêng", before: before, after: after)
        }
        req.flash("Đã lưu kỳ báo cáo năm \(year).")
        return req.redirect(to: ReportDeadlinesPage.path(year))
    }
}

extension ReportDeadlinesPage {
    static func path(_ year: Int) -> String { SiteRoute.reportDeadlines.path() + "?year=\(year)" }
}
