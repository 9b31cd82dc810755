import Domain
import Fluent
import Vapor

/// Contests in a unit's periodic report and on its dashboard: each round that closed in the period, of a contest the
/// unit's subtree organised (all its entrants, the units they came from, the overall participation, the winners) or of a
/// contest organised above it (the subtree's own entrants against its staff count, its winners).
extension ContestService {
    struct ReportLine: Sendable, Equatable {
        /// "Cuộc thi “…” — vòng 1: 120 người dự thi; …".
        let text: String
        let closes: CalendarDate
        let organiser: String
        /// Entrants counted for the unit: all of them for its own contests, its subtree's for one organised above.
        let entrants: Int
        /// The round's activity in the plan (recorded when published), which the report then does not list again.
        let activityID: UUID?
    }

    /// Rounds closed (by `now`) between `from` and `to`, at most 50, in closing order.
    static func reportLines(unit: Unit, from: CalendarDate, to: CalendarDate, now: Date, on db: any Database) async throws -> [ReportLine] {
        guard let start = AppClock.parseDateTime(from.display), let last = AppClock.parseDateTime(to.display) else { return [] }
        let end = min(now, last.addingTimeInterval(86_400))
        guard start < end else { return [] }
        let rounds = try await ContestRound.query(on: db).filter(\.$closesAt >= start).filter(\.$closesAt <= end)
            .sort(\.$closesAt).limit(500).all()
        guard !rounds.isEmpty else { return [] }
        let contests = try await Contest.query(on: db).filter(\.$id ~~ Set(rounds.map { $0.$contest.id })).with(\.$unit).all()
        let scope = UnitScope.subtree(of: unit)
        // Contests the subtree organised, and those organised above it (whose audience it is part of).
        var relevant: [UUID: (contest: Contest, own: Bool)] = [:]
        for contest in contests {
            guard let id = contest.id else { continue }
            if scope.contains(contest.unit) { relevant[id] = (contest, true) }
            else if UnitScope.subtree(of: contest.unit).contains(unit) { relevant[id] = (contest, false) }
        }
        guard !relevant.isEmpty else { return [] }
        let subtree = Set(try await Unit.query(on: db).within(scope).all().compactMap(\.id))
        var lines: [ReportLine] = []
        for round in rounds where lines.count < 50 {
            guard let (contest, own) = relevant[round.$contest.id] else { continue }
            if round.isCreative {
                if let line = try await creativeLine(round, contest, own: own, unit: unit, subtree: subtree, on: db) { lines.append(line) }
                continue
            }
            let (people, units) = try await shown(of: round, now: now, on: db)
            let state = round.publishedVersion > 0 ? "kết quả đã công bố" : "kết quả chưa công bố"
            var text = "Cuộc thi “\(contest.title)”" + (own ? "" : " do \(contest.unit.name) tổ chức") + " — vòng \(round.number) (\(state)): "
            let entrants: Int
            let winners: [ResultRow]
            if own {
                entrants = people.count
                winners = people.filter { $0.winner == true }
                let from = units.filter { $0.entrants > 0 }.count
                text += "\(entrants) người dự thi" + (from > 0 ? " từ \(from) đơn vị" : "")
                let counted = units.compactMap { row in row.staff.map { (row.entrants, $0) } }
                let staff = counted.reduce(0) { $0.addingSaturated($1.1) }
                if staff > 0 {
                    text += "; tỷ lệ tham gia \(percent(counted.reduce(0) { $0.addingSaturated($1.0) }, of: staff)) biên chế của các đơn vị có số liệu"
                }
            } else {
                let mine = people.filter { row in row.unitID.map(subtree.contains) ?? false }
                entrants = mine.count
                winners = mine.filter { $0.winner == true }
                let staff = try await staffInForce(Array(subtree), on: AppClock.calendarDate(round.opensAt), db: db)
                guard entrants > 0 || staff > 0 else { continue }
                text += "\(entrants) người của \(unit.name)" + (subtree.count > 1 ? " và các đơn vị trực thuộc" : "") + " dự thi"
                if staff > 0 { text += " (\(percent(entrants, of: staff)) của \(staff) biên chế)" }
            }
            if round.publishedVersion > 0 || !winners.isEmpty {
                text += winners.isEmpty ? "; không có người đạt giải" : "; \(winners.count) người đạt giải: " + winners.prefix(6).map { w in
                    w.name + (w.unit.map { " (\($0))" } ?? "")
                }.joined(separator: ", ") + (winners.count > 6 ? " …" : "")
            }
            lines.append(ReportLine(text: text + ".", closes: AppClock.calendarDate(round.closesAt), organiser: contest.unit.name,
                                    entrants: entrants, activityID: own ? round.activityID : nil))
        }
        return lines
    }

    /// A creative round's line: the entries the units sent (all of them, or the subtree's) and the winners.
    private static func creativeLine(_ round: ContestRound, _ contest: Contest, own: Bool, unit: Unit, subtree: Set<UUID>,
                                     on db: any Database) async throws -> ReportLine? {
        let rows = try await creativeResults(of: round, on: db).rows
        let counted = own ? rows : rows.filter { $0.unitID.map(subtree.contains) ?? false }
        guard own || !counted.isEmpty else { return nil }
        let winners = counted.filter(\.winner)
        var text = "Cuộc thi “\(contest.title)”" + (own ? "" : " do \(contest.unit.name) tổ chức") + " — vòng \(round.number) (sáng tác, "
            + (round.publishedVersion > 0 ? "kết quả đã công bố" : "kết quả chưa công bố") + "): "
            + (own ? "\(counted.count) đơn vị gửi bài" : "\(counted.count) bài của \(unit.name)" + (subtree.count > 1 ? " và các đơn vị trực thuộc" : ""))
        if round.publishedVersion > 0 {
            text += winners.isEmpty ? "; không có bài đạt giải" : "; \(winners.count) bài đạt giải: " + winners.prefix(6).map { "\($0.unit) (\($0.mean) điểm)" }.joined(separator: ", ")
        }
        return ReportLine(text: text + ".", closes: AppClock.calendarDate(round.closesAt), organiser: contest.unit.name, entrants: counted.count,
                          activityID: own ? round.activityID : nil)
    }

    /// The staff counts in force on `day`, summed over the units that have one.
    private static func staffInForce(_ units: [UUID], on day: CalendarDate, db: any Database) async throws -> Int {
        var total = 0
        for chunk in units.chunked(500) {
            for (_, history) in try await StaffCountService.counts(of: Array(chunk), on: db) {
                total = total.addingSaturated(StaffCountCSV.inForce(history, on: day) ?? 0)
            }
        }
        return total
    }

    /// "12,5%" of `part` in `whole` (whole > 0).
    static func percent(_ part: Int, of whole: Int) -> String {
        let value = (Double(part) / Double(whole) * 1_000).rounded() / 10
        return String(format: "%.1f", value).replacingOccurrences(of: ".", with: ",") + "%"
    }
}
