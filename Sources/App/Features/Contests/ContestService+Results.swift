import Domain
import Fluent
import Vapor

/// A round's results: publishing them (then frozen, corrections as versions), the ranking per audience with each
/// person's best attempt, eligibility and prize winners.
extension ContestService {
    // MARK: Results

    /// Publishes the round's results once it has closed: the prediction's true value (entries with every answer right)
    /// is counted, the ranking is stored as it stands and shown from then on. Publishing again is a correction: a new
    /// version, with its reason in the log.
    static func publish(_ round: ContestRound, of contest: Contest, reason: String?, viewer: Viewer, now: Date, on db: any Database) async throws {
        guard now >= round.closesAt else { throw AppError(.conflict, "Vòng thi chưa đóng (đóng lúc \(AppClock.display(round.closesAt))); chưa công bố được kết quả.") }
        let why = reason.map(VietnameseText.clean).flatMap { $0.isEmpty ? nil : String($0.prefix(1_000)) }
        if round.publishedVersion > 0, why == nil {
            throw AppError(.unprocessableEntity, "Kết quả đã được công bố; công bố lại là một lần đính chính và cần ghi lý do.")
        }
        let roundID = try round.requireID()
        if round.isCreative { return try await publishCreative(round, of: contest, reason: why, viewer: viewer, now: now, on: db) }
        try await db.audited(by: viewer.actor, at: now) { db, audit in
            guard let fresh = try await ContestRound.find(roundID, on: db) else { throw AppError.notFound("Không tìm thấy vòng thi.") }
            let closed = try await closedEntries(of: fresh, now: now, on: db)
            fresh.actual = closed.allCorrect
            let ranked = closed.ranked(actual: fresh.actual)
            let before = ["version": String(fresh.publishedVersion)]
            fresh.publishedVersion += 1
            fresh.publishedAt = now
            fresh.publishedResultsJSON = try StoredJSON.encode(ranked)
            fresh.publishedCollectiveJSON = try StoredJSON.encode(try await collective(of: fresh, entries: closed, on: db))
            try await fresh.save(on: db)
            try await audit.record(.publish, .contestRound, id: roundID, unit: contest.$unit.id,
                                   summary: "Công bố kết quả vòng \(fresh.number) cuộc thi “\(contest.title)” (lần \(fresh.publishedVersion), \(ranked.count) bài thi)"
                                       + (why.map { " — lý do: \($0)" } ?? ""),
                                   before: before, after: ["version": String(fresh.publishedVersion), "reason": why ?? ""])
        }
    }

    /// The results the page shows: the published ones once published, else the live ranking.
    static func shownResults(of round: ContestRound, now: Date, on db: any Database) async throws -> [ResultRow] {
        if let text = round.publishedResultsJSON { return try StoredJSON.decode([ResultRow].self, text, what: "kết quả đã công bố của vòng thi") }
        return try await results(of: round, now: now, on: db)
    }

    struct ResultRow: Codable, Sendable {
        let rank: Int
        let name: String
        let correct: Int
        let total: Int
        let predicted: String
        let gap: String
        let duration: String
        // Absent from results published before audiences and prizes: those read as one ranking, all eligible.
        let audience: String?
        let unit: String?
        /// The entrant's work unit (absent from results published before the contests' report lines).
        var unitID: UUID? = nil
        let eligible: Bool?
        /// Why the entry takes no prize ("thiếu số CCCD", "cán bộ đơn vị tổ chức").
        let note: String?
        let winner: Bool?
    }

    /// The round's ranking: every closed attempt (submitted, or out of time with the answers saved by then).
    static func results(of round: ContestRound, now: Date, on db: any Database) async throws -> [ResultRow] {
        try await closedEntries(of: round, now: now, on: db).ranked(actual: round.actual)
    }

    /// The round's closed attempts, each with its score and how many questions it had: read once, ranked as often as needed.
    struct ClosedEntries: Sendable {
        struct Attempt: Sendable {
            let name: String
            let predicted: Int?
            let total: Int
            let audience: ContestAudience?
            let unit: String?
            let unitID: UUID?
            /// Why the entry cannot take a prize; nil when it can.
            let ineligible: String?
        }
        let entries: [ContestRanking.Entry]
        let byID: [UUID: Attempt]
        let prizes: ContestPrizes

        /// The prediction question's true value: the entries with every answer right.
        var allCorrect: Int { entries.filter { e in byID[e.id].map { $0.total > 0 && e.correct == $0.total } ?? false }.count }

        /// One ranking per audience (staff first), each person's best attempt, the winners of each audience's prizes.
        func ranked(actual: Int?) -> [ResultRow] {
            let groups = Dictionary(grouping: entries) { byID[$0.id]?.audience }
            let order: [ContestAudience?] = ContestAudience.allCases.map { Optional($0) } + [nil]
            return order.flatMap { audience -> [ResultRow] in
                guard let group = groups[audience] else { return [] }
                let ranked = ContestRanking.rank(group, actual: actual)
                let winners = ContestRanking.winners(ranked, eligible: { byID[$0.id]?.ineligible == nil }, prizes: prizes.count(for: audience))
                return ranked.compactMap { ranked in
                    guard let attempt = byID[ranked.entry.id] else { return nil }
                    return ResultRow(rank: ranked.rank, name: attempt.name, correct: ranked.entry.correct, total: attempt.total,
                                     predicted: attempt.predicted.map(String.init) ?? "—", gap: ranked.predictionGap.map(String.init) ?? "—",
                                     duration: "\(ranked.entry.seconds / 60) phút \(ranked.entry.seconds % 60) giây",
                                     audience: audience?.label, unit: attempt.unit, unitID: attempt.unitID, eligible: attempt.ineligible == nil, note: attempt.ineligible,
                                     winner: winners.contains(ranked.entry.id))
                }
            }
        }
    }

    /// Why an attempt takes no prize under `contest`'s rules: an asked identity field left out, or the entrant works in
    /// the organising unit (when the rules exclude its staff); nil when it may.
    static func ineligibility(of attempt: ContestAttempt, in contest: Contest) -> String? {
        let identity = ContestIdentity(name: attempt.name, citizenID: attempt.citizenID, phone: attempt.phone, email: attempt.email,
                                       address: attempt.address, birthYear: attempt.birthYear.map(String.init))
        let missing = identity.missing(contest.identityFields, hasUnit: attempt.$unit.id != nil)
        if !missing.isEmpty { return "Thiếu " + missing.map(\.label).joined(separator: ", ") }
        if contest.excludesOrganisers, let unit = attempt.$unit.id, unit == contest.$unit.id { return "Cán bộ đơn vị tổ chức" }
        return nil
    }

    static func closedEntries(of round: ContestRound, now: Date, on db: any Database) async throws -> ClosedEntries {
        let attempts = try await ContestAttempt.query(on: db).filter(\.$round.$id == round.requireID()).with(\.$unit).all()
        guard let contest = try await Contest.find(round.$contest.id, on: db) else { throw AppError.notFound("Không tìm thấy cuộc thi.") }
        let bank = Dictionary(uniqueKeysWithValues: try await bank(of: round.$contest.id, on: db).map { ($0.number, $0) })
        var entries: [ContestRanking.Entry] = []
        var byID: [UUID: ClosedEntries.Attempt] = [:]
        for attempt in attempts where attempt.isClosed(at: now) {
            let numbers = try StoredJSON.decode([Int].self, attempt.questionsJSON, what: "câu hỏi của lượt thi")
            let questions = numbers.compactMap { bank[$0] }
            let correct = try attempt.correct ?? ContestDraw.correct(try answers(of: attempt), of: questions)
            let end = attempt.submittedAt ?? attempt.deadline
            let id = try attempt.requireID()
            entries.append(.init(id: id, correct: correct, prediction: attempt.predicted,
                                 seconds: max(0, Int(end.timeIntervalSince(attempt.startedAt).rounded())), submittedAt: end, person: attempt.person))
            byID[id] = .init(name: attempt.name, predicted: attempt.predicted, total: questions.count,
                             audience: attempt.audienceRaw.flatMap(ContestAudience.init(rawValue:)), unit: attempt.unit?.name,
                             unitID: attempt.$unit.id,
                             ineligible: ineligibility(of: attempt, in: contest))
        }
        return ClosedEntries(entries: entries, byID: byID, prizes: round.prizes)
    }

}
