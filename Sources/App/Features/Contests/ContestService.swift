import Domain
import Fluent
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// Organising a contest (settings, rounds, the question bank) and running attempts: the draw, the server's clock,
/// one attempt per person per round, saving and scoring.
enum ContestService {
    static let maxTitle = 300
    static let maxText = 20_000
    static let maxRounds = 52
    static let maxMinutes = 240
    static let maxQuestionsPerAttempt = 200
    static let maxPrediction = 100_000_000

    struct Settings: Sendable {
        var title: String
        var rules: String
        var consent: String
        /// Asked beside the name; an entrant who leaves one out is not eligible for a prize.
        var identityFields: [ContestIdentity.Field] = ContestIdentity.Field.usual
        /// The organising unit's own staff take no prize.
        var excludeOrganisers = true
        /// The plan task that launched the contest (`TaskChoice.id`).
        var task: String? = nil
    }

    static func create(_ settings: Settings, unit: Unit, viewer: Viewer, now: Date, on db: any Database) async throws -> Contest {
        let title = VietnameseText.clean(settings.title)
        guard !title.isEmpty, title.count <= maxTitle else { throw AppError(.unprocessableEntity, "Tên cuộc thi cần có, không quá \(maxTitle) ký tự.") }
        guard settings.rules.count <= maxText, settings.consent.count <= maxText else {
            throw AppError(.unprocessableEntity, "Thể lệ và lời đồng ý không quá \(maxText) ký tự mỗi phần.")
        }
        let contest = Contest(unitID: try unit.requireID(), title: title, rules: settings.rules.trimmingCharacters(in: .whitespacesAndNewlines),
                              consent: settings.consent.trimmingCharacters(in: .whitespacesAndNewlines), createdBy: viewer.user.username, at: now)
        // In the order of the form, whatever order they were sent in.
        let fields = ContestIdentity.Field.allCases.filter(settings.identityFields.contains)
        contest.identityFieldsJSON = try StoredJSON.encode(fields)
        contest.excludeOrganisers = settings.excludeOrganisers
        if let choice = settings.task, !choice.isEmpty {
            let picked = try await task(choice, for: unit, on: db)
            contest.$assignment.id = picked.assignment
            contest.taskID = picked.task
        }
        try await db.audited(by: viewer.actor, at: now) { db, audit in
            try await contest.create(on: db)
            try await audit.record(.create, .contest, id: contest.id, unit: unit.id, summary: "Tạo cuộc thi “\(title)”",
                                   before: [String: String]?.none,
                                   after: ["title": title, "identity": fields.map(\.rawValue).joined(separator: ","),
                                           "excludeOrganisers": settings.excludeOrganisers ? "yes" : "no",
                                           "task": settings.task ?? ""])
        }
        return contest
    }

    struct RoundInput: Sendable {
        var opensAt: Date
        var closesAt: Date
        var minutes: Int
        var questions: Int
        var prediction: String?
        /// Questions per topic group ("Thủ tục hành chính: 4; Thể chế: 2"), the rest drawn from any group.
        var topics: [String: Int] = [:]
        /// nil: both (separate rankings, each entrant says which they are).
        var audience: ContestAudience? = nil
        var attempts = 1
        var prizes = ContestPrizes()
    }

    static let maxAttempts = 20

    /// Reads "Thủ tục hành chính: 4; Thể chế: 2" (or one group per line); the groups must be in the bank.
    static func topicQuota(_ text: String, bank: [ContestQuestion], total: Int) throws -> [String: Int] {
        let known = Set(bank.compactMap(\.topic))
        var quota: [String: Int] = [:]
        for part in text.split(whereSeparator: { $0 == ";" || $0.isNewline }) {
            let piece = part.trimmingCharacters(in: .whitespaces)
            guard !piece.isEmpty else { continue }
            guard let colon = piece.lastIndex(of: ":"), let n = Int(piece[piece.index(after: colon)...].trimmingCharacters(in: .whitespaces)),
                  (0...maxQuestionsPerAttempt).contains(n) else {
                throw AppError(.unprocessableEntity, "“\(piece.prefix(80))”: ghi theo dạng “Tên chủ đề: số câu”.")
            }
            let name = VietnameseText.clean(String(piece[..<colon]))
            guard let topic = known.first(where: { VietnameseText.fold($0).lowercased() == VietnameseText.fold(name).lowercased() }) else {
                throw AppError(.unprocessableEntity, "Ngân hàng câu hỏi không có chủ đề “\(name.prefix(80))”"
                               + (known.isEmpty ? "." : "; các chủ đề: " + known.sorted().joined(separator: ", ") + "."))
            }
            quota[topic] = n
        }
        let sum = quota.values.saturatedSum { $0 }
        guard sum <= total else { throw AppError(.unprocessableEntity, "Tổng số câu theo chủ đề (\(sum)) nhiều hơn số câu mỗi lượt (\(total)).") }
        return quota
    }

    static func addRound(_ input: RoundInput, to contest: Contest, viewer: Viewer, now: Date, on db: any Database) async throws -> ContestRound {
        guard input.opensAt < input.closesAt else { throw AppError(.unprocessableEntity, "Thời điểm đóng vòng thi phải sau thời điểm mở.") }
        guard (1...maxMinutes).contains(input.minutes) else { throw AppError(.unprocessableEntity, "Thời gian làm bài từ 1 đến \(maxMinutes) phút.") }
        guard (1...maxQuestionsPerAttempt).contains(input.questions) else {
            throw AppError(.unprocessableEntity, "Số câu mỗi lượt thi từ 1 đến \(maxQuestionsPerAttempt).")
        }
        guard (1...maxAttempts).contains(input.attempts) else { throw AppError(.unprocessableEntity, "Số lượt thi mỗi người từ 1 đến \(maxAttempts).") }
        let contestID = try contest.requireID()
        return try await db.audited(by: viewer.actor, at: now) { db, audit in
            let existing = try await ContestRound.query(on: db).filter(\.$contest.$id == contestID).all()
            guard existing.count < maxRounds else { throw AppError(.unprocessableEntity, "Một cuộc thi có tối đa \(maxRounds) vòng.") }
            let round = ContestRound(contestID: contestID, number: (existing.map(\.number).max() ?? 0) + 1, opensAt: input.opensAt,
                                     closesAt: input.closesAt, timeLimitSeconds: input.minutes * 60, questionCount: input.questions,
                                     prediction: input.prediction.map(VietnameseText.clean).flatMap { $0.isEmpty ? nil : String($0.prefix(500)) })
            round.topicQuotaJSON = try StoredJSON.encode(input.topics)
            round.audienceRaw = input.audience?.rawValue
            round.attemptsAllowedValue = input.attempts
            round.prizesJSON = try StoredJSON.encode(input.prizes)
            try await round.create(on: db)
            try await audit.record(.create, .contestRound, id: round.id, unit: contest.$unit.id,
                                   summary: "Thêm vòng \(round.number) cho cuộc thi “\(contest.title)”: \(AppClock.display(input.opensAt)) – \(AppClock.display(input.closesAt))",
                                   before: [String: String]?.none,
                                   after: ["opensOn": AppClock.display(input.opensAt), "closesOn": AppClock.display(input.closesAt),
                                           "minutes": String(input.minutes), "questions": String(input.questions),
                                           "audience": input.audience?.label ?? "Cả hai", "attempts": String(input.attempts),
                                           "prizes": input.prizes.description])
            return round
        }
    }

    /// Replaces the bank with the questions read from `text`; refused once a round has opened (entrants have drawn
    /// from it) and, with every problem listed by question number, when the text has any.
    static func importBank(_ text: String, into contest: Contest, viewer: Viewer, now: Date, on db: any Database) async throws -> Int {
        let (questions, problems) = QuestionBankText.parse(text)
        return try await storeBank(questions, problems: problems, into: contest, viewer: viewer, now: now, on: db)
    }

    /// Stores a bank read from a paste or a file: nothing when the reading found problems (all told, by question number).
    static func storeBank(_ questions: [ContestQuestion], problems: [QuestionBankText.Problem], into contest: Contest, viewer: Viewer,
                          now: Date, on db: any Database) async throws -> Int {
        guard problems.isEmpty else {
            throw AppError(.unprocessableEntity, "Chưa lưu ngân hàng câu hỏi: " + problems.prefix(30).map(\.description).joined(separator: "; ")
                           + (problems.count > 30 ? "; và \(problems.count - 30) lỗi khác." : "."))
        }
        let contestID = try contest.requireID()
        return try await db.audited(by: viewer.actor, at: now) { db, audit in
            if try await bankLocked(contestID, now: now, on: db) {
                throw AppError(.conflict, "Đã có vòng thi mở nên ngân hàng câu hỏi bị khóa: người dự thi đã rút câu hỏi từ đó.")
            }
            let old = try await ContestBankQuestion.query(on: db).filter(\.$contest.$id == contestID).all()
            let before = old.count
            // A question read again under its number keeps the picture added to it.
            var pictures: [Int: (String, String?)] = [:]
            for row in old { if let q = try? row.question, let key = q.image { pictures[q.number] = (key, q.imageType) } }
            let questions = questions.map { q in
                var q = q
                if q.image == nil, let (key, type) = pictures[q.number] { q.image = key; q.imageType = type }
                return q
            }
            try await ContestBankQuestion.query(on: db).filter(\.$contest.$id == contestID).delete()
            for chunk in questions.chunked(500) {
                try await chunk.map { try ContestBankQuestion(contestID: contestID, question: $0) }.create(on: db)
            }
            try await audit.record(.update, .contestQuestions, id: contestID, unit: contest.$unit.id,
                                   summary: "Nạp ngân hàng câu hỏi cuộc thi “\(contest.title)”: \(questions.count) câu",
                                   before: ["questions": String(before)], after: ["questions": String(questions.count)])
            return questions.count
        }
    }

    /// Whether a quiz round has opened: entrants have drawn from the bank, which can no longer change (creative rounds
    /// draw nothing from it).
    static func bankLocked(_ contestID: UUID, now: Date, on db: any Database) async throws -> Bool {
        try await ContestRound.query(on: db).filter(\.$contest.$id == contestID).filter(\.$opensAt <= now).filter(\.$kind == nil).count() > 0
    }

    static func bank(of contestID: UUID, on db: any Database) async throws -> [ContestQuestion] {
        try await ContestBankQuestion.query(on: db).filter(\.$contest.$id == contestID).sort(\.$number).all().map { try $0.question }
    }

    /// Banks that can no longer change, by contest: an attempt exists only once a round has opened, and from then on
    /// the bank is locked (`storeBank`), so every instance may keep it. At most 64 contests are kept.
    private static let lockedBanks = NIOLockedValueBox<[UUID: [Int: ContestQuestion]]>([:])

    /// The bank an attempt draws from by question number (read from memory on the answer path).
    static func lockedBank(of contestID: UUID, on db: any Database) async throws -> [Int: ContestQuestion] {
        if let kept = lockedBanks.withLockedValue({ $0[contestID] }) { return kept }
        let read = Dictionary(try await bank(of: contestID, on: db).map { ($0.number, $0) }, uniquingKeysWith: { a, _ in a })
        lockedBanks.withLockedValue { banks in
            if banks.count >= 64 { banks.removeAll() }
            banks[contestID] = read
        }
        return read
    }

    /// What the public pages show of a round: its contest, the contest's title and code, the prediction question.
    struct RoundFacts: Sendable {
        let contestID: UUID
        let title: String
        let code: String
        let prediction: String?
    }

    /// Public code → contest and round → its facts, which never change once made (no route edits a contest's title or
    /// a round's question; at most 10,000 of each kept).
    private static let keys = NIOLockedValueBox<(codes: [String: UUID], rounds: [UUID: RoundFacts])>(([:], [:]))

    static func keptContestID(code: String) -> UUID? { keys.withLockedValue { $0.codes[code] } }

    /// What saving an answer needs of an attempt, none of which changes once it is started.
    struct AttemptFacts: Sendable {
        let id: UUID
        let roundID: UUID
        let contestID: UUID
        let questions: String
        let deadline: Date
    }

    /// Attempts by their browser token, for the saves that follow a start (at most 100,000 kept).
    private static let attempts = NIOLockedValueBox<[String: AttemptFacts]>([:])

    static func keptAttempt(token: String) -> AttemptFacts? { attempts.withLockedValue { $0[token] } }

    static func keep(attempt: AttemptFacts, token: String) {
        attempts.withLockedValue { if $0.count >= 100_000 { $0.removeAll() }; $0[token] = attempt }
    }

    static func keep(contestID: UUID, code: String) {
        keys.withLockedValue { if $0.codes.count >= 10_000 { $0.codes.removeAll() }; $0.codes[code] = contestID }
    }

    /// The contest a round belongs to.
    static func contestID(ofRound id: UUID, on db: any Database) async throws -> UUID {
        try await facts(ofRound: id, on: db).contestID
    }

    static func facts(ofRound id: UUID, on db: any Database) async throws -> RoundFacts {
        if let kept = keys.withLockedValue({ $0.rounds[id] }) { return kept }
        guard let round = try await ContestRound.query(on: db).filter(\.$id == id).with(\.$contest).first() else {
            throw AppError.notFound("Không tìm thấy vòng thi.")
        }
        let facts = RoundFacts(contestID: round.$contest.id, title: round.contest.title, code: round.contest.publicCode, prediction: round.prediction)
        keys.withLockedValue { if $0.rounds.count >= 10_000 { $0.rounds.removeAll() }; $0.rounds[id] = facts }
        return facts
    }

    // MARK: Attempts

    static func attemptTaken(_ allowed: Int) -> String {
        allowed == 1 ? "Người có số định danh này (CCCD, điện thoại hoặc thư điện tử) đã dự thi vòng này; mỗi người chỉ dự thi một lần mỗi vòng."
            : "Người có số định danh này (CCCD, điện thoại hoặc thư điện tử) đã dùng hết \(allowed) lượt thi của vòng này."
    }

    /// Starts `identity`'s attempt at `round`: the questions drawn (from the set of the entrant's audience), the deadline
    /// set by the server (the time limit, and never after the round closes). Past the attempts the round allows one
    /// person, a start is refused — also two starts at the same instant: the n-th attempt's key is unique in the round.
    static func start(_ round: ContestRound, identity: ContestIdentity, audience chosen: ContestAudience?, unitID: UUID?, now: Date,
                      on db: any Database) async throws -> ContestAttempt {
        guard round.isOpen(at: now) else { throw AppError(.gone, "Vòng thi này chưa mở hoặc đã đóng.") }
        guard !identity.name.isEmpty, identity.name.count <= 200, let key = identity.key else {
            throw AppError(.unprocessableEntity, "Cần họ và tên, và số CCCD (12 chữ số), số điện thoại hoặc thư điện tử hợp lệ.")
        }
        guard let audience = round.audience ?? chosen else {
            throw AppError(.unprocessableEntity, "Hãy chọn bạn dự thi với tư cách cán bộ, công chức, viên chức hay người dân: mỗi đối tượng có bộ câu hỏi riêng.")
        }
        let bank = try await bank(of: round.$contest.id, on: db).filter { $0.audience == nil || $0.audience == audience }
        guard !bank.isEmpty else { throw AppError(.conflict, "Cuộc thi chưa có câu hỏi cho đối tượng này.") }
        let roundID = try round.requireID()
        let allowed = round.attemptsAllowed
        let earlier = try await ContestAttempt.query(on: db).filter(\.$round.$id == roundID).filter(\.$personKey == key).all()
        guard earlier.count < allowed else { throw AppError(.conflict, attemptTaken(allowed)) }
        guard earlier.allSatisfy({ $0.isClosed(at: now) }) else {
            throw AppError(.conflict, "Người có số định danh này đang có một lượt thi chưa kết thúc; hãy nộp bài lượt đó trước (trên thiết bị đã bắt đầu).")
        }
        let number = earlier.count + 1
        var generator = SystemRandomNumberGenerator()
        let drawn = ContestDraw.draw(from: bank, count: round.questionCount, perTopic: try round.topicQuota, using: &generator)
        let attempt = ContestAttempt()
        attempt.id = UUID()
        attempt.$round.id = roundID
        attempt.identityKey = number == 1 ? key : key + "#\(number)"
        attempt.personKey = key
        attempt.attemptNumber = number
        attempt.audienceRaw = audience.rawValue
        attempt.address = identity.address
        attempt.birthYear = identity.birthYear
        attempt.name = identity.name
        attempt.citizenID = identity.citizenID
        attempt.phone = identity.phone
        attempt.email = identity.email
        attempt.$unit.id = unitID
        attempt.token = [UInt8].random(count: 18).hex
        attempt.questionsJSON = try StoredJSON.encode(drawn)
        attempt.answersJSON = "{}"
        attempt.startedAt = now
        attempt.deadline = min(now.addingTimeInterval(TimeInterval(round.timeLimitSeconds)), round.closesAt)
        let identityKey = attempt.identityKey
        do {
            try await db.write { db in
                if try await ContestAttempt.query(on: db).filter(\.$round.$id == roundID).filter(\.$identityKey == identityKey).count() > 0 {
                    throw AppError(.conflict, attemptTaken(allowed))
                }
                try await attempt.create(on: db)
            }
        } catch let error as AppError {
            throw error
        } catch {
            // Two starts at the same instant on a database that does not queue writers: the unique key keeps one.
            if try await ContestAttempt.query(on: db).filter(\.$round.$id == roundID).filter(\.$identityKey == identityKey).count() > 0 {
                throw AppError(.conflict, attemptTaken(allowed))
            }
            throw error
        }
        return attempt
    }

    /// The questions of `attempt`, in the order drawn.
    static func questions(of attempt: ContestAttempt, on db: any Database) async throws -> [ContestQuestion] {
        let numbers = try StoredJSON.decode([Int].self, attempt.questionsJSON, what: "câu hỏi của lượt thi")
        let contestID: UUID
        if let round = attempt.$round.value { contestID = round.$contest.id } else { contestID = try await self.contestID(ofRound: attempt.$round.id, on: db) }
        let bank = try await lockedBank(of: contestID, on: db)
        return numbers.compactMap { bank[$0] }
    }

    static func answers(of attempt: ContestAttempt) throws -> [Int: [Int]] {
        try StoredJSON.decode([Int: [Int]].self, attempt.answersJSON, what: "câu trả lời của lượt thi")
    }

    /// Keeps only answers to the attempt's own questions, with options that exist (one option for a single-answer question).
    static func checked(_ raw: [Int: [Int]], for questions: [ContestQuestion]) -> [Int: [Int]] {
        var kept: [Int: [Int]] = [:]
        for q in questions {
            guard let chosen = raw[q.number] else { continue }
            let valid = Array(Set(chosen.filter { q.options.indices.contains($0) })).sorted()
            guard !valid.isEmpty else { continue }
            kept[q.number] = q.multiple ? valid : [valid[0]]
        }
        return kept
    }

    /// Saves the answers given so far; refused once the attempt is closed (submitted, or its time is up).
    static func save(_ attempt: ContestAttempt, answers raw: [Int: [Int]], now: Date, writer: ContestAnswerWriter?, on db: any Database) async throws {
        let closed = AppError(.conflict, "Lượt thi đã kết thúc; các câu trả lời đã lưu trước đó vẫn được tính.")
        guard !attempt.isClosed(at: now) else { throw closed }
        guard let writer else { throw AppError.busy }
        let answers = checked(raw, for: try await questions(of: attempt, on: db))
        let text = try StoredJSON.encode(answers)
        // Acknowledged only when stored: a submission from another tab may have closed the attempt meanwhile.
        guard try await writer.write(.init(attemptID: try attempt.requireID(), answers: text)) else { throw closed }
        attempt.answersJSON = text
    }

    /// Submits the attempt: the answers (when still in time) and the prediction are saved, the score is counted.
    static func submit(_ attempt: ContestAttempt, answers raw: [Int: [Int]], predicted: Int?, now: Date, writer: ContestAnswerWriter?,
                       on db: any Database) async throws -> ContestAttempt {
        guard attempt.submittedAt == nil else { throw AppError(.conflict, "Bài thi đã được nộp.") }
        guard let writer else { throw AppError.busy }
        let questions = try await questions(of: attempt, on: db)
        let inTime = now < attempt.deadline
        let answers = inTime ? checked(raw, for: questions) : try Self.answers(of: attempt)
        let attemptID = try attempt.requireID()
        let text = try StoredJSON.encode(answers)
        let score = ContestDraw.correct(answers, of: questions)
        let at = min(now, attempt.deadline)
        let guess = predicted.flatMap { (0...maxPrediction).contains($0) ? $0 : nil }
        if try await writer.write(.init(attemptID: attemptID, answers: text, submission: .init(correct: score, at: at, predicted: guess))) {
            // Stored as written: the attempt as it now is, without reading it back.
            attempt.answersJSON = text
            attempt.correct = score
            attempt.submittedAt = at
            attempt.predicted = guess
            return attempt
        }
        // Submitted meanwhile (another tab): what is stored.
        guard let stored = try await ContestAttempt.find(attemptID, on: db) else { throw AppError.notFound("Không tìm thấy lượt thi.") }
        return stored
    }
}
