import Domain
import Fluent
import Vapor

/// Creative rounds (a CCHC slogan per unit, a short text, optionally a file): units under the organiser send one entry
/// each while the round is open; once it closes, the judges the organiser named score each entry on the rubric, each
/// blind to the others' points until they have scored it; the final score is the mean of the judges.
extension ContestService {
    struct CreativeInput: Sendable {
        var opensAt: Date
        var closesAt: Date
        var rubric: String
        var wordMin: Int?
        var wordMax: Int?
        /// Usernames, separated by commas, semicolons or lines.
        var judges: String
        var prizes: Int
    }

    static let maxJudges = 15
    static let maxEntryCharacters = 2_000

    static func addCreativeRound(_ input: CreativeInput, to contest: Contest, viewer: Viewer, now: Date, on db: any Database) async throws -> ContestRound {
        guard input.opensAt < input.closesAt else { throw AppError(.unprocessableEntity, "Thời điểm đóng vòng thi phải sau thời điểm mở.") }
        let rubric: ContestRubric
        switch ContestRubric.parse(String(input.rubric.prefix(4_000))) {
        case .success(let value): rubric = value
        case .failure(let problems):
            throw AppError(.unprocessableEntity, "Tiêu chí chấm: " + problems.list.map { "dòng \($0.line): \($0.message)" }.joined(separator: "; "))
        }
        for bound in [input.wordMin, input.wordMax].compactMap({ $0 }) where !(1...500).contains(bound) {
            throw AppError(.unprocessableEntity, "Số chữ tối thiểu và tối đa từ 1 đến 500.")
        }
        if let min = input.wordMin, let max = input.wordMax, min > max {
            throw AppError(.unprocessableEntity, "Số chữ tối thiểu không lớn hơn số chữ tối đa.")
        }
        guard (0...ContestPrizes.maxPrizes).contains(input.prizes) else { throw AppError(.unprocessableEntity, "Số giải từ 0 đến \(ContestPrizes.maxPrizes).") }
        let names = Array(Set(input.judges.split(whereSeparator: { ",;\n ".contains($0) })
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty })).sorted()
        guard (1...maxJudges).contains(names.count) else { throw AppError(.unprocessableEntity, "Ghi tên đăng nhập của 1 đến \(maxJudges) giám khảo.") }
        // Judges are accounts the organiser can see.
        let users = try await User.query(on: db).visible(to: viewer).filter(\.$username ~~ names).all()
        let unknown = names.filter { n in !users.contains { $0.username.lowercased() == n } }
        guard unknown.isEmpty else {
            throw AppError(.unprocessableEntity, "Không tìm thấy tài khoản giám khảo: \(unknown.joined(separator: ", ")) (chỉ chọn được tài khoản "
                           + "của đơn vị tổ chức và các đơn vị trực thuộc).")
        }
        let contestID = try contest.requireID()
        return try await db.audited(by: viewer.actor, at: now) { db, audit in
            let existing = try await ContestRound.query(on: db).filter(\.$contest.$id == contestID).all()
            guard existing.count < maxRounds else { throw AppError(.unprocessableEntity, "Một cuộc thi có tối đa \(maxRounds) vòng.") }
            let round = ContestRound(contestID: contestID, number: (existing.map(\.number).max() ?? 0) + 1, opensAt: input.opensAt,
                                     closesAt: input.closesAt, timeLimitSeconds: 0, questionCount: 0, prediction: nil)
            round.kind = ContestRound.creative
            round.rubricJSON = try StoredJSON.encode(rubric)
            round.wordMin = input.wordMin
            round.wordMax = input.wordMax
            round.prizesJSON = try StoredJSON.encode(ContestPrizes(each: input.prizes))
            try await round.create(on: db)
            for user in users { try await ContestJudge(roundID: try round.requireID(), userID: try user.requireID()).create(on: db) }
            try await audit.record(.create, .contestRound, id: round.id, unit: contest.$unit.id,
                                   summary: "Thêm vòng \(round.number) (sáng tác, có giám khảo) cho cuộc thi “\(contest.title)”",
                                   before: [String: String]?.none,
                                   after: ["opensOn": AppClock.display(input.opensAt), "closesOn": AppClock.display(input.closesAt),
                                           "rubric": rubric.criteria.map { "\($0.name): \($0.max)" }.joined(separator: "; "),
                                           "words": "\(input.wordMin.map(String.init) ?? "")–\(input.wordMax.map(String.init) ?? "")",
                                           "judges": users.map(\.username).sorted().joined(separator: ", "), "prizes": String(input.prizes)])
            return round
        }
    }

    /// Whether `viewer` may send its unit's entry: its unit lies under the organiser and it may change its unit's records.
    static func mayEnter(_ viewer: Viewer, _ contest: Contest) -> Bool {
        UnitScope.subtree(of: contest.unit).contains(viewer.unit) && viewer.may(.edit, viewer.unit)
    }

    static func judges(of round: ContestRound, on db: any Database) async throws -> [User] {
        try await ContestJudge.query(on: db).filter(\.$round.$id == round.requireID()).with(\.$user).all().map(\.user)
            .sorted { $0.username < $1.username }
    }

    static func isJudge(_ viewer: Viewer, of round: ContestRound, on db: any Database) async throws -> Bool {
        try await ContestJudge.query(on: db).filter(\.$round.$id == round.requireID()).filter(\.$user.$id == viewer.user.requireID()).count() > 0
    }

    /// The entry of the viewer's unit, sent or changed while the round is open; the text within the round's word limits,
    /// a file of the evidence types (checked by content) when given.
    static func saveEntry(_ round: ContestRound, of contest: Contest, text typed: String, upload: ActivityService.Upload?, viewer: Viewer,
                          files: any FileStorage, maxBytes: Int, now: Date, on db: any Database) async throws -> ContestEntry {
        guard round.isCreative else { throw AppError.notFound("Không tìm thấy vòng thi.") }
        guard mayEnter(viewer, contest) else { throw AppError.forbidden }
        guard round.isOpen(at: now) else {
            throw AppError(.conflict, now < round.opensAt ? "Vòng thi mở lúc \(AppClock.display(round.opensAt)); chưa nhận bài."
                                                          : "Vòng thi đã đóng lúc \(AppClock.display(round.closesAt)); không nhận hoặc sửa bài nữa.")
        }
        let text = VietnameseText.cleanLines(typed)
        guard text.count <= maxEntryCharacters else { throw AppError(.unprocessableEntity, "Bài dự thi tối đa \(maxEntryCharacters) ký tự.") }
        if let reason = CreativeText.check(text, min: round.wordMin, max: round.wordMax) { throw AppError(.unprocessableEntity, reason) }
        let type = try upload.map { try ActivityService.check($0, maxBytes: maxBytes) }
        let roundID = try round.requireID(), unitID = try viewer.unit.requireID()
        let key = type.map { "contests/\(roundID.uuidString)/\(unitID.uuidString)-\(UUID().uuidString).\($0.rawValue)" }
        if let upload, let key { try await files.save(upload.data, key: key) }
        return try await db.audited(by: viewer.actor, at: now) { db, audit in
            let existing = try await ContestEntry.query(on: db).filter(\.$round.$id == roundID).filter(\.$unit.$id == unitID).first()
            let entry = existing ?? ContestEntry()
            let before = existing.map { ["text": $0.text, "file": $0.fileName ?? ""] }
            if existing == nil {
                entry.id = UUID()
                entry.$round.id = roundID
                entry.$unit.id = unitID
                entry.submittedAt = now
            }
            entry.text = text
            if let key, let upload, let type {
                entry.fileKey = key
                entry.fileName = String(upload.filename.prefix(200))
                entry.fileTypeRaw = type.rawValue
            }
            entry.submittedBy = viewer.user.username
            entry.updatedAt = now
            try await entry.save(on: db)
            try await audit.record(existing == nil ? .create : .update, .contestEntry, id: entry.id, unit: unitID,
                                   summary: "Bài dự thi vòng \(round.number) cuộc thi “\(contest.title)” của \(viewer.unit.name)",
                                   before: before, after: ["text": text, "file": entry.fileName ?? ""])
            return entry
        }
    }

    /// A judge's points for an entry, once the round has closed and before its results are published.
    static func score(_ entry: ContestEntry, in round: ContestRound, of contest: Contest, typed: [String], viewer: Viewer, now: Date,
                      on db: any Database) async throws {
        guard try await isJudge(viewer, of: round, on: db) else {
            throw AppError(.forbidden, "Chỉ giám khảo ban tổ chức đã chỉ định mới chấm được bài của vòng này.")
        }
        guard now >= round.closesAt else { throw AppError(.conflict, "Vòng thi chưa đóng (đóng lúc \(AppClock.display(round.closesAt))); chưa chấm được.") }
        guard round.publishedVersion == 0 else { throw AppError(.conflict, "Kết quả vòng thi đã công bố; điểm không đổi được nữa.") }
        let points: [Double]
        switch try round.rubric.points(typed) {
        case .success(let value): points = value
        case .failure(let refusal): throw AppError(.unprocessableEntity, refusal.message)
        }
        let entryID = try entry.requireID(), judgeID = try viewer.user.requireID()
        try await db.audited(by: viewer.actor, at: now) { db, audit in
            let existing = try await ContestScore.query(on: db).filter(\.$entry.$id == entryID).filter(\.$judge.$id == judgeID).first()
            let score = existing ?? ContestScore()
            let before = existing.map { ["total": String($0.total)] }
            if existing == nil {
                score.id = UUID()
                score.$entry.id = entryID
                score.$judge.id = judgeID
            }
            score.pointsJSON = try StoredJSON.encode(points)
            score.total = points.reduce(0, +)
            score.scoredAt = now
            try await score.save(on: db)
            try await audit.record(existing == nil ? .create : .update, .contestScore, id: score.id, unit: contest.$unit.id,
                                   summary: "Giám khảo \(viewer.user.username) chấm một bài vòng \(round.number) cuộc thi “\(contest.title)”: \(score.total) điểm",
                                   before: before, after: ["total": String(score.total)])
        }
    }

    /// A creative round's ranking as published (frozen), or as it stands: each unit's entry with its mean and each
    /// judge's total once every judge has scored it.
    struct CreativeRow: Codable, Sendable {
        let rank: Int?
        let unit: String
        let unitID: UUID?
        let text: String
        let mean: String
        /// "gk1: 85", one per judge, in the judges' order.
        let judges: [String]
        let winner: Bool
    }

    static func creativeResults(of round: ContestRound, on db: any Database) async throws -> (rows: [CreativeRow], complete: Bool) {
        if let text = round.publishedResultsJSON {
            return (try StoredJSON.decode([CreativeRow].self, text, what: "kết quả đã công bố của vòng thi"), true)
        }
        let judges = try await judges(of: round, on: db).map(\.username)
        let entries = try await ContestEntry.query(on: db).filter(\.$round.$id == round.requireID()).with(\.$unit).all()
        let scores = try await ContestScore.query(on: db).filter(\.$entry.$id ~~ entries.compactMap(\.id)).with(\.$judge).all()
        let byEntry = Dictionary(grouping: scores) { $0.$entry.id }
        let ranking = entries.compactMap { e -> CreativeRanking.Entry? in
            guard let id = e.id else { return nil }
            return .init(id: id, totals: Dictionary((byEntry[id] ?? []).map { ($0.judge.username, $0.total) }, uniquingKeysWith: { a, _ in a }))
        }
        let ranked = CreativeRanking.rank(ranking, judges: judges)
        let prizes = round.prizes.count(for: nil)
        var rows: [CreativeRow] = []
        for e in entries.sorted(by: { a, b in
            let ra = ranked.first { $0.entry.id == a.id }?.rank ?? Int.max, rb = ranked.first { $0.entry.id == b.id }?.rank ?? Int.max
            return ra != rb ? ra < rb : a.unit.name < b.unit.name
        }) {
            let r = ranked.first { $0.entry.id == e.id }
            let totals = ranking.first { $0.id == e.id }?.totals ?? [:]
            rows.append(CreativeRow(rank: r?.rank, unit: e.unit.name, unitID: e.$unit.id, text: e.text,
                                    mean: r.map { number($0.mean) } ?? "—",
                                    judges: judges.map { j in "\(j): " + (totals[j].map(number) ?? "chưa chấm") },
                                    winner: r.map { $0.rank <= prizes } ?? false))
        }
        return (rows, CreativeRanking.complete(ranking, judges: judges) && !entries.isEmpty)
    }

    /// Publishes a creative round once every judge has scored every entry: the ranking is stored as it stands and shown
    /// from then on; publishing again (a correction) needs a reason and makes a new version.
    static func publishCreative(_ round: ContestRound, of contest: Contest, reason: String?, viewer: Viewer, now: Date,
                                on db: any Database) async throws {
        let roundID = try round.requireID()
        try await db.audited(by: viewer.actor, at: now) { db, audit in
            guard let fresh = try await ContestRound.find(roundID, on: db) else { throw AppError.notFound("Không tìm thấy vòng thi.") }
            fresh.publishedResultsJSON = nil
            let (rows, complete) = try await creativeResults(of: fresh, on: db)
            guard complete else {
                throw AppError(.conflict, "Chưa công bố được: còn bài chưa được đủ giám khảo chấm (hoặc chưa có bài dự thi).")
            }
            let before = ["version": String(fresh.publishedVersion)]
            fresh.publishedVersion += 1
            fresh.publishedAt = now
            fresh.publishedResultsJSON = try StoredJSON.encode(rows)
            fresh.publishedCollectiveJSON = "[]"
            try await fresh.save(on: db)
            try await audit.record(.publish, .contestRound, id: roundID, unit: contest.$unit.id,
                                   summary: "Công bố kết quả vòng \(fresh.number) (sáng tác) cuộc thi “\(contest.title)” (lần \(fresh.publishedVersion), \(rows.count) bài)"
                                       + (reason.map { " — lý do: \($0)" } ?? ""),
                                   before: before, after: ["version": String(fresh.publishedVersion), "reason": reason ?? ""])
        }
    }

    /// "85,5", "90".
    static func number(_ value: Double) -> String {
        (value.rounded() == value ? String(format: "%.0f", value) : String(format: "%.2f", value)
            .replacingOccurrences(of: #"0+$"#, with: "", options: .regularExpression)).replacingOccurrences(of: ".", with: ",")
    }
}
