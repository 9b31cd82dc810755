import Domain
import Fluent
import Foundation

/// One round of a contest: when it is open, how long an attempt lasts, how many questions each attempt draws, and the
/// prediction question ("how many entries will be fully correct?") whose true value the organiser fills in.
final class ContestRound: Model, @unchecked Sendable {
    static let schema = "contest_rounds"

    @ID(key: .id) var id: UUID?
    @Parent(key: "contest_id") var contest: Contest
    @Field(key: "number") var number: Int
    @Field(key: "opens_at") var opensAt: Date
    @Field(key: "closes_at") var closesAt: Date
    @Field(key: "time_limit_seconds") var timeLimitSeconds: Int
    @Field(key: "question_count") var questionCount: Int
    /// How many questions each attempt draws from each topic group (JSON object), the rest from any group.
    @Field(key: "topic_quota") var topicQuotaJSON: String
    @OptionalField(key: "prediction") var prediction: String?
    @OptionalField(key: "actual") var actual: Int?
    /// 0 until the organiser publishes the results; each correction published later is a new version.
    @Field(key: "published_version") var publishedVersion: Int
    @OptionalField(key: "published_at") var publishedAt: Date?
    /// The ranking as published (JSON of `ContestService.ResultRow`): what the page shows from then on.
    @OptionalField(key: "published_results") var publishedResultsJSON: String?
    /// The collective ranking (per block of units) frozen with the published results (JSON).
    @OptionalField(key: "published_collective") var publishedCollectiveJSON: String?
    /// The activity the published round was recorded as, on the contest's assignment.
    @OptionalField(key: "activity_id") var activityID: UUID?
    /// "staff", "citizens" or nil for both (each entrant then says which they are and draws from that set).
    @OptionalField(key: "audience") var audienceRaw: String?
    /// Attempts one person may make in this round (nil: one); the best counts.
    @OptionalField(key: "attempts_allowed") var attemptsAllowedValue: Int?
    /// Individual prizes per audience (JSON of `ContestPrizes`).
    @OptionalField(key: "prizes") var prizesJSON: String?

    /// "creative" for a round of entries judged on a rubric (a slogan per unit); nil for a quiz.
    @OptionalField(key: "kind") var kind: String?
    /// The judges' scoring sheet of a creative round (JSON of `ContestRubric`).
    @OptionalField(key: "rubric") var rubricJSON: String?
    @OptionalField(key: "word_min") var wordMin: Int?
    @OptionalField(key: "word_max") var wordMax: Int?

    var isCreative: Bool { kind == Self.creative }

    /// "từ 10 đến 20" (words an entry may have); empty without limits.
    var wordLimits: String {
        [wordMin.map { "từ \($0)" }, wordMax.map { "đến \($0)" }].compactMap { $0 }.joined(separator: " ")
    }
    static let creative = "creative"

    var rubric: ContestRubric {
        get throws { try StoredJSON.decode(ContestRubric.self, rubricJSON ?? "", what: "tiêu chí chấm của vòng thi") }
    }

    var audience: ContestAudience? { audienceRaw.flatMap(ContestAudience.init(rawValue:)) }
    var attemptsAllowed: Int { max(1, attemptsAllowedValue ?? 1) }
    var prizes: ContestPrizes {
        prizesJSON.flatMap { try? StoredJSON.decode(ContestPrizes.self, $0, what: "giải thưởng của vòng thi") } ?? ContestPrizes()
    }
    /// The audiences whose entrants rank separately: the round's one, or both.
    var audiences: [ContestAudience] { audience.map { [$0] } ?? ContestAudience.allCases }

    init() {}

    init(contestID: UUID, number: Int, opensAt: Date, closesAt: Date, timeLimitSeconds: Int, questionCount: Int, prediction: String?) {
        self.id = UUID()
        self.$contest.id = contestID
        self.number = number
        self.opensAt = opensAt
        self.closesAt = closesAt
        self.timeLimitSeconds = timeLimitSeconds
        self.questionCount = questionCount
        self.topicQuotaJSON = "{}"
        self.publishedVersion = 0
        self.prediction = prediction
    }

    var topicQuota: [String: Int] {
        get throws { try StoredJSON.decode([String: Int].self, topicQuotaJSON, what: "số câu theo chủ đề của vòng thi") }
    }

    func isOpen(at now: Date) -> Bool { opensAt <= now && now < closesAt }
}
