import Domain
import Fluent
import Foundation
import SQLKit

/// Compiles a unit's report figures for a period from the records: its plans, its assignments due in the period as
/// they stood at the cut-off (or today, before it), its activities in the range (evidence sent back is left out),
/// the notable ones, money spent, the sections other features supply, and for a unit with units below it one row per
/// child with the child's whole subtree. Two grouped queries over the subtree, folded by path here.
enum ReportCompiler {
    /// How deep a unit sits (0: no parent), which picks its deadlines.
    static func tier(of unit: Unit) -> Int { max(0, unit.path.split(separator: "/").count - 1) }

    /// The period's dates for this unit: the year's own dates for its tier when set, else the customary ones.
    static func window(_ period: ReportPeriod, year: Int, unit: Unit, on db: any Database) async throws -> ReportWindow {
        let tier = min(2, Self.tier(of: unit))
        if let own = try await ReportDeadline.query(on: db).filter(\.$year == year).filter(\.$tier == tier).filter(\.$period == period).first() {
            return ReportWindow(period: period, year: year, from: own.startsOn, to: own.endsOn, due: own.dueOn)
        }
        guard let standard = ReportWindow.standard(period, year: year, tier: tier) else { throw AppError(.badRequest, "Năm không hợp lệ.") }
        return standard
    }

    /// Sections other features plug in, each from the records of the unit's subtree in the range.
    struct SectionSource: Sendable {
        let key: String
        let title: String
        let kinds: [ActivityKind]
        let empty: String
    }

    static let sectionSources = [
        SectionSource(key: "surveys", title: "Khảo sát, đo lường mức độ hài lòng", kinds: [.survey], empty: "Không có khảo sát trong kỳ."),
        SectionSource(key: "contests", title: "Hội thi, cuộc thi tìm hiểu về cải cách hành chính", kinds: [.contest], empty: "Không tổ chức hội thi, cuộc thi trong kỳ."),
        SectionSource(key: "dialogues", title: "Đối thoại, trả lời câu hỏi của người dân", kinds: [.dialogue], empty: "Không có buổi đối thoại trong kỳ."),
    ]

    static func compile(unit: Unit, window: ReportWindow, today: CalendarDate, now: Date? = nil, on db: any Database) async throws -> ReportFigures {
        guard let sql = db as? any SQLDatabase else { throw AppError(.internalServerError, "Cơ sở dữ liệu không hỗ trợ SQL.") }
        let unitID = try unit.requireID()
        var figures = ReportFigures(window: window, unit: unit.name)
        let asOf = min(window.to, today)
        let children = try await Unit.query(on: db).filter(\.$parent.$id == unitID).sort(\.$name).all()
            .filter { $0.validTo.map { $0 > window.from } ?? true }
        // The subtree's units by id, each with the child it falls under (nil: the unit itself).
        let subtree = children.isEmpty ? [unitID: unit.path]
            : Dictionary(try await sql.raw("SELECT s.id AS id, s.path AS path FROM units s WHERE \(UnitScope.subtree(of: unit).pathCondition("s.path"))")
                .all().map { (try $0.decode(column: "id", as: UUID.self), try $0.decode(column: "path", as: String.self)) }, uniquingKeysWith: { a, _ in a })
        func owner(_ id: UUID) -> Int? {
            if id == unitID { return nil }
            guard let path = subtree[id] else { return nil }
            return children.firstIndex { UnitScope.subtree(of: $0).contains(id: id, path: path) }
        }
        let ids = Array(subtree.keys)
        var childWork = Array(repeating: WorkProgress(), count: children.count)
        var childActivities = Array(repeating: (count: 0, reach: 0, cost: Int64(0)), count: children.count)

        for chunk in ids.chunked(2_000) {
            let scope: SQLQueryString = "\(binds: Array(chunk))"
            for row in try await sql.raw("""
                SELECT a.unit_id AS unit_id,
                  COUNT(*) AS total,
                  SUM(CASE WHEN a.status = 'done' AND (a.done_on IS NULL OR a.done_on <= \(bind: asOf)) AND (a.done_on IS NULL OR a.done_on <= a.due_on) THEN 1 ELSE 0 END) AS on_time,
                  SUM(CASE WHEN a.status = 'done' AND a.done_on <= \(bind: asOf) AND a.done_on > a.due_on THEN 1 ELSE 0 END) AS late,
                  SUM(CASE WHEN a.status = 'cancelled' THEN 1 ELSE 0 END) AS cancelled,
                  SUM(CASE WHEN a.status <> 'cancelled' AND NOT (a.status = 'done' AND (a.done_on IS NULL OR a.done_on <= \(bind: asOf))) AND a.due_on < \(bind: asOf) THEN 1 ELSE 0 END) AS overdue
                FROM assignments a
                WHERE a.unit_id IN (\(scope)) AND a.due_on >= \(bind: window.from) AND a.due_on <= \(bind: window.to)
                GROUP BY a.unit_id
                """).all() {
                var work = WorkProgress()
                let total = try row.decode(column: "total", as: Int.self)
                work.doneOnTime = try row.decode(column: "on_time", as: Int.self)
                work.doneLate = try row.decode(column: "late", as: Int.self)
                work.cancelled = try row.decode(column: "cancelled", as: Int.self)
                work.overdue = try row.decode(column: "overdue", as: Int.self)
                work.open = total - work.done - work.cancelled - work.overdue
                let id = try row.decode(column: "unit_id", as: UUID.self)
                if let child = owner(id) { childWork[child].add(work) } else if id == unitID { figures.work.add(work) }
            }
            // The children's activities as one total per unit; the unit's own by kind and channel below.
            guard !children.isEmpty else { continue }
            for row in try await sql.raw("""
                SELECT ac.unit_id AS unit_id, COUNT(*) AS n, SUM(CAST(COALESCE(ac.reach, 0) AS DOUBLE PRECISION)) AS reach,
                  SUM(CAST(COALESCE(ac.cost, 0) AS DOUBLE PRECISION)) AS cost
                FROM activities ac
                WHERE ac.unit_id IN (\(scope)) AND ac.happened_on >= \(bind: window.from) AND ac.happened_on <= \(bind: window.to) AND ac.review <> 'rejected'
                GROUP BY ac.unit_id
                """).all() {
                guard let child = owner(try row.decode(column: "unit_id", as: UUID.self)) else { continue }
                // Sums are read in floating point and saturated (see `addingSaturated`): no figure stops the report.
                childActivities[child].count = childActivities[child].count.addingSaturated(try row.decode(column: "n", as: Int.self))
                childActivities[child].reach = childActivities[child].reach.addingSaturated(Int(saturating: try row.decode(column: "reach", as: Double.self)))
                childActivities[child].cost = childActivities[child].cost.addingSaturated(Int64(saturating: try row.decode(column: "cost", as: Double.self)))
            }
        }
        for row in try await sql.raw("""
            SELECT ac.kind AS kind, ac.channel AS channel, COUNT(*) AS n, SUM(CAST(COALESCE(ac.reach, 0) AS DOUBLE PRECISION)) AS reach,
              SUM(CAST(COALESCE(ac.cost, 0) AS DOUBLE PRECISION)) AS cost
            FROM activities ac
            WHERE ac.unit_id = \(bind: unitID) AND ac.happened_on >= \(bind: window.from) AND ac.happened_on <= \(bind: window.to) AND ac.review <> 'rejected'
            GROUP BY ac.kind, ac.channel
            """).all() {
            let n = try row.decode(column: "n", as: Int.self), reach = Int(saturating: try row.decode(column: "reach", as: Double.self))
            let kind = try row.decode(column: "kind", as: String.self), channel = try row.decode(column: "channel", as: String.self)
            if let i = figures.byKind.firstIndex(where: { $0.key == kind }) {
                figures.byKind[i].count = figures.byKind[i].count.addingSaturated(n)
                figures.byKind[i].reach = figures.byKind[i].reach.addingSaturated(reach)
            }
            else { figures.byKind.append(.init(key: kind, label: ActivityKind(rawValue: kind)?.label ?? kind, count: n, reach: reach)) }
            if let i = figures.byChannel.firstIndex(where: { $0.key == channel }) {
                figures.byChannel[i].count = figures.byChannel[i].count.addingSaturated(n)
                figures.byChannel[i].reach = figures.byChannel[i].reach.addingSaturated(reach)
            }
            else { figures.byChannel.append(.init(key: channel, label: ActivityChannel(rawValue: channel)?.label ?? channel, count: n, reach: reach)) }
            figures.cost = figures.cost.addingSaturated(Int64(saturating: try row.decode(column: "cost", as: Double.self)))
        }
        figures.byKind.sort { ($0.count, $1.label) > ($1.count, $0.label) }
        figures.byChannel.sort { ($0.count, $1.label) > ($1.count, $0.label) }

        // The plans the unit ran: its own of the year, and those it has work from in the range.
        let planRows = try await sql.raw("""
            SELECT DISTINCT p.id AS id FROM plans p WHERE p.status = 'issued' AND (
              (p.unit_id = \(bind: unitID) AND p.year = \(bind: window.year))
              OR p.id IN (SELECT a.plan_id FROM assignments a WHERE a.unit_id = \(bind: unitID) AND a.due_on >= \(bind: window.from) AND a.due_on <= \(bind: window.to)))
            """).all().map { try $0.decode(column: "id", as: UUID.self) }
        if !planRows.isEmpty {
            for plan in try await Plan.query(on: db).filter(\.$id ~~ planRows).with(\.$unit).sort(\.$issuedOn).all() {
                figures.plans.append(.init(number: plan.number, issuedOn: plan.issuedOn, title: plan.title, issuer: plan.issuerName ?? plan.unit.name))
            }
        }

        // Notable items and the plugged-in sections: from the whole subtree.
        let reportUnits: SQLQueryString = children.isEmpty ? "ac.unit_id = \(bind: unitID)"
            : UnitScope.subtree(of: unit).sql("ac.unit_id")
        let inRange: SQLQueryString = "ac.happened_on >= \(bind: window.from) AND ac.happened_on <= \(bind: window.to) AND ac.review <> 'rejected'"
        for row in try await sql.raw("""
            SELECT ac.title AS title, ac.kind AS kind, ac.happened_on AS day, COALESCE(ac.reach, 0) AS reach, u.name AS unit
            FROM activities ac JOIN units u ON u.id = ac.unit_id
            WHERE \(reportUnits) AND \(inRange) AND ac.reach IS NOT NULL
            ORDER BY ac.reach DESC, ac.happened_on, ac.title LIMIT 5
            """).all() {
            let kind = try row.decode(column: "kind", as: String.self)
            figures.notable.append(.init(date: try row.decode(column: "day", as: CalendarDate.self), title: try row.decode(column: "title", as: String.self),
                                         kind: ActivityKind(rawValue: kind)?.label ?? kind, unit: try row.decode(column: "unit", as: String.self),
                                         reach: try row.decode(column: "reach", as: Int.self)))
        }
        // Each section's first 50 in date order, all sections in one pass (a window function, on both databases).
        let sectionKinds = sectionSources.flatMap(\.kinds).map(\.rawValue)
        var sectionRows: [String: [[String]]] = [:]
        // The contests' rounds closed in the period, with entrants, participation and winners; the activity a published
        // round was recorded as is that same round, not listed twice.
        // Without a moment, the end of `today` (a report figured "as of" a day).
        let moment = now ?? AppClock.parseDateTime(today.display).map { $0.addingTimeInterval(86_399) } ?? Date()
        let contests = try await ContestService.reportLines(unit: unit, from: window.from, to: window.to, now: moment, on: db)
        let recorded = Set(contests.compactMap(\.activityID))
        sectionRows[ActivityKind.contest.rawValue] = contests.map { [$0.text, $0.closes.display, $0.organiser, "\($0.entrants)"] }
        for row in try await sql.raw("""
            SELECT * FROM (
              SELECT ac.id AS id, ac.kind AS kind, ac.title AS title, ac.happened_on AS day, COALESCE(ac.reach, 0) AS reach, u.name AS unit,
                ROW_NUMBER() OVER (PARTITION BY ac.kind ORDER BY ac.happened_on, ac.title) AS place
              FROM activities ac JOIN units u ON u.id = ac.unit_id
              WHERE \(reportUnits) AND \(inRange) AND ac.kind IN (\(binds: sectionKinds))) listed
            WHERE listed.place <= 50 ORDER BY listed.kind, listed.place
            """).all() {
            let kind = try row.decode(column: "kind", as: String.self)
            if recorded.contains(try row.decode(column: "id", as: UUID.self)) { continue }
            sectionRows[kind, default: []].append([try row.decode(column: "title", as: String.self), try row.decode(column: "day", as: CalendarDate.self).display,
                                                   try row.decode(column: "unit", as: String.self), "\(try row.decode(column: "reach", as: Int.self))"])
        }
        // Citizens' questions received in the period, by the unit that answers: received, answered on time or late, open, overdue.
        let asked = try await QuestionFigures.rows(scope: .subtree(of: unit), from: window.from, through: window.to, on: db)
        sectionRows[ActivityKind.dialogue.rawValue] = QuestionTally.by(asked, today: asOf) { $0.unit }.map { line in
            let c = line.counts
            return ["Dân hỏi – Chính quyền trả lời: tiếp nhận \(c.received) câu hỏi, trả lời đúng hạn \(c.answeredOnTime), trễ hạn \(c.answeredLate), "
                    + "đang xử lý \(c.open) (quá hạn \(c.overdue))", window.from.display + " – " + window.to.display, line.key, "\(c.received)"]
        } + (sectionRows[ActivityKind.dialogue.rawValue] ?? [])
        // The surveys run in the subtree during the period, each with its indicator against its target.
        sectionRows[ActivityKind.survey.rawValue] = try await SurveyAnalysis.reportRows(unit: unit, from: window.from, to: window.to, on: db)
            + (sectionRows[ActivityKind.survey.rawValue] ?? [])
        for source in sectionSources {
            let rows = source.kinds.flatMap { sectionRows[$0.rawValue] ?? [] }.prefix(50)
            figures.sections.append(.init(key: source.key, title: source.title, header: ["STT", "Nội dung", "Ngày", "Đơn vị", "Lượt tham gia"],
                                          rows: rows.enumerated().map { ["\($0.offset + 1)"] + $0.element }, note: source.empty))
        }

        // The children, each with how its own report for the period stands.
        if !children.isEmpty {
            let reports = try await Report.query(on: db).filter(\.$unit.$id ~~ children.compactMap(\.id))
                .filter(\.$year == window.year).filter(\.$period == window.period).all()
            let byUnit = Dictionary(reports.map { ($0.$unit.id, $0) }, uniquingKeysWith: { a, _ in a })
            for (i, child) in children.enumerated() {
                figures.children.append(.init(name: child.name, work: childWork[i], activities: childActivities[i].count,
                                              reach: childActivities[i].reach, cost: childActivities[i].cost,
                                              report: child.id.flatMap { byUnit[$0] }.map(Self.standing) ?? "Chưa nộp"))
            }
        }
        return figures
    }

    /// "Đã nộp 12/03/2025", "Nộp muộn 22/03/2025", "Đã duyệt", "Bị trả lại", "Đang soạn".
    static func standing(_ report: Report) -> String {
        let day = report.submittedAt.map { AppClock.calendarDate($0).display } ?? ""
        switch report.status {
        case .draft: return "Chưa nộp (đang soạn)"
        case .returned: return "Bị trả lại"
        case .submitted: return (report.submittedLate == true ? "Nộp muộn " : "Đã nộp ") + day
        case .accepted: return (report.submittedLate == true ? "Đã duyệt (nộp muộn " : "Đã duyệt (nộp ") + day + ")"
        }
    }
}
