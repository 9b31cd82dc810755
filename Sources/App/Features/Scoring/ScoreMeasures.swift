import Domain
import Fluent
import Foundation
import SQLKit

/// The measures of every unit of a rule's block for its year, in a few grouped queries (a whole country's communes at
/// once): plan completion from the assignment tallies, verified activities by channel and kind, reports on time,
/// targets met, contest participation, citizen questions answered on time. Only what the rule reads is counted.
enum ScoreMeasures {
    struct Block: Sendable {
        let issuer: Unit
        let year: Int
        let level: UnitLevel
        let kinds: [UnitKind]
        /// The day "due" is counted to: the end of the year, or today while it runs.
        let through: CalendarDate

        var first: CalendarDate? { CalendarDate(year: year, month: 1, day: 1) }
        var last: CalendarDate? { CalendarDate(year: year, month: 12, day: 31) }

        /// The block's unit ids once read (`resolved`): conditions then name them, so that neither database's planner
        /// can choose to scan a whole table (PostgreSQL did, for the assignment tallies) to join them.
        var ids: [UUID]? = nil

        /// The block's units as a condition on `column`: below the issuer, of the level and kinds, valid in the year.
        func condition(_ column: String) -> SQLQueryString {
            if let ids { return ids.isEmpty ? "1 = 0" : "\(unsafeRaw: column) IN (\(binds: ids))" }
            let kinds = self.kinds.map { "\(bind: $0.rawValue)" as SQLQueryString }.joined(separator: ", ")
            return """
                \(unsafeRaw: column) IN (SELECT s.id FROM units s WHERE \(UnitScope.below(issuer).pathCondition("s.path"))
                AND s.level = \(bind: level.rawValue) AND s.kind IN (\(kinds))
                AND (s.valid_from IS NULL OR s.valid_from <= \(bind: last)) AND (s.valid_to IS NULL OR s.valid_to >= \(bind: first)))
                """
        }
    }

    static func block(of rule: ScoringRuleSet, today: CalendarDate) throws -> Block {
        guard let end = CalendarDate(year: rule.year, month: 12, day: 31) else { throw AppError.badRequest("Năm không hợp lệ.") }
        return Block(issuer: rule.issuer, year: rule.year, level: rule.level, kinds: rule.kinds, through: min(end, today))
    }

    /// The units of the block, by name.
    static func units(_ block: Block, on db: any Database) async throws -> [Unit] {
        guard let sql = db as? any SQLDatabase else { return [] }
        let ids = try await sql.raw("SELECT u.id AS id FROM units u WHERE \(block.condition("u.id"))").all().map { try $0.decode(column: "id", as: UUID.self) }
        var out: [Unit] = []
        for chunk in ids.chunked(500) { out += try await Unit.query(on: db).filter(\.$id ~~ Array(chunk)).all() }
        return out.sorted { $0.searchKey < $1.searchKey }
    }

    /// The block with its unit ids read, when there are few enough to name (a province's communes, not a country's).
    static func resolved(_ block: Block, on db: any Database) async throws -> Block {
        guard block.ids == nil, let sql = db as? any SQLDatabase else { return block }
        let ids = try await sql.raw("SELECT u.id AS id FROM units u WHERE \(block.condition("u.id"))").all().map { try $0.decode(column: "id", as: UUID.self) }
        var out = block
        if ids.count <= 5_000 { out.ids = ids }
        return out
    }

    static func compute(_ block: Block, rule: ScoringRule, on db: any Database) async throws -> [UUID: UnitMeasures] {
        let reads = rule.measures
        let block = try await resolved(block, on: db)
        guard let sql = db as? any SQLDatabase, let first = block.first, let last = block.last else { return [:] }
        var out: [UUID: UnitMeasures] = [:]
        func ratio(_ rows: [any SQLRow], _ set: (inout UnitMeasures, UnitMeasures.Ratio) -> Void) throws {
            for row in rows {
                let id = try row.decode(column: "unit_id", as: UUID.self)
                let part = try row.decode(column: "part", as: Int?.self) ?? 0, whole = try row.decode(column: "whole", as: Int?.self) ?? 0
                set(&out[id, default: UnitMeasures()], .init(part, of: whole))
            }
        }
        if reads.contains(.planCompletion) {
            try ratio(try await sql.raw("""
                SELECT t.unit_id AS unit_id, SUM(CASE WHEN t.state IN ('on_time', 'late') THEN t.n ELSE 0 END) AS part,
                       SUM(CASE WHEN t.state <> 'cancelled' THEN t.n ELSE 0 END) AS whole
                FROM assignment_tallies t JOIN plans p ON p.id = t.plan_id
                WHERE p.year = \(bind: block.year) AND \(block.condition("t.unit_id")) GROUP BY t.unit_id
                """).all()) { $0.planCompletion = $1 }
        }
        if !rule.activityFilters.isEmpty {
            // Counted by the classes of channels and kinds the rule treats alike (each class under its first member): a
            // few rows a unit rather than one per channel and kind, with the same points (`ScoringRule.channelClasses`).
            func classes<T: RawRepresentable>(_ column: String, _ classes: [[T]]) -> SQLQueryString where T.RawValue == String {
                let cases = classes.compactMap { members -> SQLQueryString? in
                    guard let first = members.first else { return nil }
                    return "WHEN \(unsafeRaw: column) IN (\(members.map { "\(bind: $0.rawValue)" as SQLQueryString }.joined(separator: ", "))) THEN \(bind: first.rawValue)"
                }
                return "CASE \(cases.joined(separator: " ")) ELSE \(unsafeRaw: column) END"
            }
            let rows = try await sql.raw("""
                SELECT v.unit_id AS unit_id, v.channel AS channel, v.kind AS kind, COUNT(*) AS n FROM (
                  SELECT a.unit_id AS unit_id, \(classes("a.channel", rule.channelClasses)) AS channel, \(classes("a.kind", rule.kindClasses)) AS kind
                  FROM activities a
                  WHERE a.review = 'verified' AND a.happened_on >= \(bind: first) AND a.happened_on <= \(bind: last)
                    AND \(block.condition("a.unit_id"))) v
                GROUP BY v.unit_id, v.channel, v.kind
                """).all()
            for row in rows {
                let id = try row.decode(column: "unit_id", as: UUID.self)
                guard let channel = ActivityChannel(rawValue: try row.decode(column: "channel", as: String.self)),
                      let kind = ActivityKind(rawValue: try row.decode(column: "kind", as: String.self)) else { continue }
                out[id, default: UnitMeasures()].activities.append(.init(channel: channel, kind: kind, count: try row.decode(column: "n", as: Int.self)))
            }
        }
        if reads.contains(.questionsOnTime) {
            try ratio(try await sql.raw("""
                SELECT q.unit_id AS unit_id, SUM(CASE WHEN q.answered_on IS NOT NULL AND q.answered_on <= q.due_on THEN 1 ELSE 0 END) AS part,
                       SUM(CASE WHEN q.answered_on IS NOT NULL OR q.due_on < \(bind: block.through) THEN 1 ELSE 0 END) AS whole
                FROM citizen_questions q WHERE q.received_on >= \(bind: first) AND q.received_on <= \(bind: last)
                  AND \(block.condition("q.unit_id")) GROUP BY q.unit_id
                """).all()) { $0.questionsOnTime = $1 }
        }
        if reads.contains(.reportsOnTime) { try await reports(block, into: &out, on: db) }
        if reads.contains(.contestParticipation) { try await contests(block, into: &out, on: db) }
        if reads.contains(.objectivesMet) || reads.contains(.surveyTargetsMet) { try await targets(block, into: &out, on: db) }
        return out
    }

    /// Reports submitted by their deadline ÷ the periods of the year already due for the unit's tier.
    static func reports(_ block: Block, into out: inout [UUID: UnitMeasures], on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        let own = try await ReportDeadline.query(on: db).filter(\.$year == block.year).all()
        func due(tier: Int) -> Set<ReportPeriod> {
            Set(ReportPeriod.allCases.filter { period in
                let window = own.first { $0.tier == tier && $0.period == period }.map { $0.dueOn } ?? ReportWindow.standard(period, year: block.year, tier: tier)?.due
                return window.map { $0 <= block.through } ?? false
            })
        }
        let duePeriods = (0...2).map(due(tier:))
        let rows = try await sql.raw("""
            SELECT r.unit_id AS unit_id, r.period AS period, r.submitted_late AS late, u.path AS path FROM reports r JOIN units u ON u.id = r.unit_id
            WHERE r.year = \(bind: block.year) AND r.submitted_at IS NOT NULL AND \(block.condition("r.unit_id"))
            """).all()
        var onTime: [UUID: Int] = [:]
        for row in rows {
            let id = try row.decode(column: "unit_id", as: UUID.self)
            let tier = min(2, max(0, try row.decode(column: "path", as: String.self).split(separator: "/").count - 1))
            guard let period = ReportPeriod(rawValue: try row.decode(column: "period", as: String.self)), duePeriods[tier].contains(period),
                  (try row.decode(column: "late", as: Bool?.self)) != true else { continue }
            onTime[id, default: 0] += 1
        }
        for unit in try await units(block, on: db) {
            guard let id = unit.id else { continue }
            let whole = duePeriods[min(2, ReportCompiler.tier(of: unit))].count
            if whole > 0 { out[id, default: UnitMeasures()].reportsOnTime = .init(onTime[id] ?? 0, of: whole) }
        }
    }

    /// Distinct people of the unit who took a contest round opened in the year ÷ the unit's staff count at the year's end.
    static func contests(_ block: Block, into out: inout [UUID: UnitMeasures], on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase, let start = AppClock.parseDateTime(block.first?.display ?? ""),
              let end = AppClock.parseDateTime(block.last?.display ?? "")?.addingTimeInterval(86_400) else { return }
        let rows = try await sql.raw("""
            SELECT a.unit_id AS unit_id, COUNT(DISTINCT a.identity_key) AS n FROM contest_attempts a JOIN contest_rounds r ON r.id = a.round_id
            WHERE a.submitted_at IS NOT NULL AND r.opens_at >= \(bind: start) AND r.opens_at < \(bind: end) AND \(block.condition("a.unit_id"))
            GROUP BY a.unit_id
            """).all()
        var people: [UUID: Int] = [:]
        for row in rows { people[try row.decode(column: "unit_id", as: UUID.self)] = try row.decode(column: "n", as: Int.self) }
        let ids = try await units(block, on: db).compactMap(\.id)
        let counts = try await StaffCountService.counts(of: ids, on: db)
        for id in ids {
            guard let staff = StaffCountCSV.inForce(counts[id] ?? [], on: block.through), staff > 0 else { continue }
            out[id, default: UnitMeasures()].contestParticipation = .init(people[id] ?? 0, of: staff)
        }
    }

    /// The numeric targets of each unit's own plans of the year: met ÷ measured (by a survey or by the records), and the
    /// survey-measured ones alone.
    static func targets(_ block: Block, into out: inout [UUID: UnitMeasures], on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        let ids = try await sql.raw("""
            SELECT p.id AS id FROM plans p WHERE p.year = \(bind: block.year) AND p.status <> 'draft' AND \(block.condition("p.unit_id"))
            """).all().map { try $0.decode(column: "id", as: UUID.self) }
        for chunk in ids.chunked(200) {
            for plan in try await Plan.query(on: db).filter(\.$id ~~ Array(chunk)).all() where !plan.sections.targets.isEmpty {
                let verdicts = try await PlanIndicators.verdicts(plan, on: db)
                let unit = plan.$unit.id
                var m = out[unit] ?? UnitMeasures()
                let measured = verdicts.filter { $0.verdict != .noData }
                m.objectivesMet = .init(m.objectivesMet.part + measured.filter { $0.verdict == .met }.count, of: m.objectivesMet.whole + measured.count)
                let surveyed = measured.filter(\.bySurvey)
                m.surveyTargetsMet = .init(m.surveyTargetsMet.part + surveyed.filter { $0.verdict == .met }.count, of: m.surveyTargetsMet.whole + surveyed.count)
                out[unit] = m
            }
        }
    }
}
