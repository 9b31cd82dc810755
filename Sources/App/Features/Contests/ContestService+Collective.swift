import Domain
import Fluent
import Vapor

/// The collective ranking of a round, per block of units (agencies, public-service units, communes): participation rate
/// (distinct entrants of the unit ÷ its staff count in force on the round's opening day), then mean score.
extension ContestService {
    struct CollectiveRow: Codable, Sendable {
        let block: String
        let rank: Int
        let unit: String
        let entrants: Int
        let staff: Int?
        let rate: String
        let mean: String
    }

    /// The individual and collective rankings the page shows: as published (frozen), else as they stand. Results
    /// published before collective rankings existed show the collective one as it stands.
    static func shown(of round: ContestRound, now: Date, on db: any Database) async throws -> (people: [ResultRow], units: [CollectiveRow]) {
        // A creative round has entries of units, not attempts (`creativeResults`).
        if round.isCreative { return ([], []) }
        if let people = round.publishedResultsJSON, let units = round.publishedCollectiveJSON {
            return (try StoredJSON.decode([ResultRow].self, people, what: "kết quả đã công bố của vòng thi"),
                    try StoredJSON.decode([CollectiveRow].self, units, what: "xếp hạng tập thể đã công bố của vòng thi"))
        }
        let closed = try await closedEntries(of: round, now: now, on: db)
        let people = round.publishedResultsJSON == nil ? closed.ranked(actual: round.actual) : try await shownResults(of: round, now: now, on: db)
        return (people, try await collective(of: round, entries: closed, on: db))
    }

    /// Every unit with entrants, and every unit under the organiser with a staff count by the opening day (a unit nobody
    /// from entered ranks with 0%): each entrant counted once, with their best attempt.
    static func collective(of round: ContestRound, entries: ClosedEntries, on db: any Database) async throws -> [CollectiveRow] {
        guard let contest = try await Contest.query(on: db).filter(\.$id == round.$contest.id).with(\.$unit).first() else {
            throw AppError.notFound("Không tìm thấy cuộc thi.")
        }
        let opening = AppClock.calendarDate(round.opensAt)
        var best: [UUID: [String: Double]] = [:]
        for entry in entries.entries {
            guard let attempt = entries.byID[entry.id], let unit = attempt.unitID, attempt.total > 0 else { continue }
            let score = Double(entry.correct) / Double(attempt.total)
            let person = entry.person ?? entry.id.uuidString
            best[unit, default: [:]][person] = max(best[unit]?[person] ?? 0, score)
        }
        // Dates are compared here: PostgreSQL binds a CalendarDate as DATE, the column is text on both databases.
        let counted = try await UnitStaffCount.query(on: db).within(.subtree(of: contest.unit)).all().filter { $0.asOf <= opening }
        let unitIDs = Array(Set(best.keys).union(counted.map { $0.$unit.id }))
        let counts = try await StaffCountService.counts(of: unitIDs, on: db)
        var units: [UUID: Unit] = [:]
        for chunk in unitIDs.chunked(500) {
            for unit in try await Unit.query(on: db).filter(\.$id ~~ Array(chunk)).all() { units[try unit.requireID()] = unit }
        }
        let figures = unitIDs.compactMap { id -> ContestCollective.UnitFigures? in
            guard let unit = units[id] else { return nil }
            let scores = Array((best[id] ?? [:]).values)
            return .init(unit: id, block: .of(kind: unit.kind, level: unit.level), entrants: scores.count,
                         staff: StaffCountCSV.inForce(counts[id] ?? [], on: opening), scores: scores)
        }
        let ranked = ContestCollective.rank(figures)
        return ContestCollective.Block.allCases.flatMap { block in
            (ranked[block] ?? []).map { r in
                CollectiveRow(block: block.label, rank: r.rank, unit: units[r.figures.unit]?.name ?? "", entrants: r.figures.entrants,
                              staff: r.figures.staff, rate: r.figures.rateText, mean: r.figures.meanText)
            }
        }
    }
}
