import Domain
import Fluent
import Foundation

/// One unit's report for one period: the figures (as submitted, or live while a draft), what changed in the records
/// since it was submitted, the narrative, and what the viewer may do with it.
struct ReportPage: Encodable {
    struct Row: Encodable {
        let cells: [String]
    }

    struct Link: Encodable {
        let label: String
        let period: String
        let current: Bool
    }

    let unitID: String
    let unitName: String
    let year: Int
    let period: String
    let periodLabel: String
    let title: String
    let range: String
    let due: String
    let status: String
    let statusLabel: String
    let submitted: String?
    let late: Bool
    let reviewNote: String?
    let frozen: Bool
    let figures: ReportFigures
    let percentDone: Int
    let activities: Int
    let reach: Int
    let cost: String
    let children: [Row]
    let totals: Row?
    let changes: [ReportFigures.Change]
    let number: String
    let results: String
    let limitations: String
    let proposals: String
    let mayEdit: Bool
    let maySubmit: Bool
    let mayReview: Bool
    let mayReopen: Bool
    let mayRemind: Bool
    let periods: [Link]
    let message: String?

    static func load(viewer: Viewer, unit: Unit, year: Int, period: ReportPeriod, today: CalendarDate, now: Date? = nil,
                     message: String? = nil, typed: ReportService.Narrative? = nil, on db: any Database) async throws -> ReportPage {
        let window = try await ReportCompiler.window(period, year: year, unit: unit, on: db)
        let live = try await ReportCompiler.compile(unit: unit, window: window, today: today, now: now, on: db)
        let report = try await ReportService.find(unitID: try unit.requireID(), year: year, period: period, on: db)
        let status = report?.status ?? .draft
        let frozen = (status == .submitted || status == .accepted) ? report?.frozen : nil
        let shown = frozen ?? live
        let editable = status.editable && viewer.may(.edit, unit)
        let children = shown.children.enumerated().map { i, c in
            Row(cells: ["\(i + 1)", c.name, "\(c.work.assigned)", "\(c.work.done)", "\(c.work.overdue)", "\(c.activities)", "\(c.reach)", c.report])
        }
        let t = shown.totalWork
        return ReportPage(
            unitID: try unit.requireID().uuidString, unitName: unit.name, year: year, period: period.rawValue, periodLabel: period.label,
            title: "Báo cáo kết quả tuyên truyền CCHC " + period.phrase(year: year),
            range: window.rangeText, due: window.due.display, status: status.rawValue, statusLabel: status.label,
            submitted: report?.submittedAt.map { AppClock.calendarDate($0).display },
            late: report?.submittedLate == true, reviewNote: report?.reviewNote, frozen: frozen != nil, figures: shown,
            percentDone: shown.work.percentDone, activities: shown.activities, reach: shown.reach, cost: ReportFigures.money(shown.cost),
            children: children,
            totals: shown.children.isEmpty ? nil : Row(cells: ["", "Tổng cộng", "\(t.assigned)", "\(t.done)", "\(t.overdue)",
                                                              "\(shown.totalActivities)", "\(shown.totalReach)", ""]),
            changes: frozen.map { $0.changes(to: live) } ?? [],
            number: typed?.number ?? report?.number ?? "", results: typed?.results ?? report?.results ?? "",
            limitations: typed?.limitations ?? report?.limitations ?? "", proposals: typed?.proposals ?? report?.proposals ?? "",
            mayEdit: editable, maySubmit: editable,
            mayReview: status == .submitted && viewer.mayReview(reportsOf: unit),
            mayReopen: status == .accepted && viewer.mayReview(reportsOf: unit),
            mayRemind: !shown.children.isEmpty && viewer.mayRemind(under: unit),
            periods: ReportPeriod.allCases.map { Link(label: $0.label, period: $0.rawValue, current: $0 == period) },
            message: message)
    }
}

/// The reports page: the viewer's own unit's report for a period and, for those who follow units below, who has
/// submitted, when, and whether on time.
struct ReportIndexPage: Encodable {
    struct Entry: Encodable {
        let unitID: String
        let name: String
        let status: String
        let standing: String
        let late: Bool
        let missing: Bool
    }

    let year: Int
    let years: [SelectOption]
    let period: String
    let periods: [SelectOption]
    let range: String
    let due: String
    let own: Entry
    let children: [Entry]
    let submitted: Int
    let mayRemind: Bool
    let maySetDates: Bool

    static func load(viewer: Viewer, year: Int, period: ReportPeriod, today: CalendarDate, on db: any Database) async throws -> ReportIndexPage {
        let unit = viewer.unit
        let window = try await ReportCompiler.window(period, year: year, unit: unit, on: db)
        // The units right below, as far as the viewer may read them (a reporter: none).
        let children = try await Unit.query(on: db).filter(\.$parent.$id == unit.requireID()).filter(\.$validTo == nil).sort(\.$name).all()
            .filter { viewer.may(.read, $0) }
        let ids = [try unit.requireID()] + children.compactMap(\.id)
        let reports = Dictionary(try await Report.query(on: db).filter(\.$unit.$id ~~ ids).filter(\.$year == year).filter(\.$period == period).all()
            .map { ($0.$unit.id, $0) }, uniquingKeysWith: { a, _ in a })
        func entry(_ u: Unit) throws -> Entry {
            let report = u.id.flatMap { reports[$0] }
            let inHand = report.map { $0.status == .submitted || $0.status == .accepted } ?? false
            return Entry(unitID: try u.requireID().uuidString, name: u.name, status: (report?.status ?? .draft).label,
                         standing: report.map(ReportCompiler.standing) ?? "Chưa nộp", late: report?.submittedLate == true, missing: !inHand)
        }
        let entries = try children.map(entry)
        return ReportIndexPage(
            year: year,
            years: ((today.year - 3)...(today.year + 1)).reversed().map { SelectOption(value: "\($0)", label: "\($0)", selected: $0 == year) },
            period: period.rawValue,
            periods: ReportPeriod.allCases.map { SelectOption(value: $0.rawValue, label: $0.label, selected: $0 == period) },
            range: window.rangeText, due: window.due.display, own: try entry(unit), children: entries,
            submitted: entries.filter { !$0.missing }.count,
            mayRemind: !entries.isEmpty && viewer.mayRemind(under: unit), maySetDates: viewer.isAdmin)
    }

    /// The period a report is being written for now: the first whose due date has not passed.
    static func currentPeriod(today: CalendarDate) -> ReportPeriod {
        ReportPeriod.allCases.first { period in
            ReportWindow.standard(period, year: today.year, tier: 0).map { today <= $0.due } ?? false
        } ?? .year
    }
}
