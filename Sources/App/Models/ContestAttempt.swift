import Fluent
import Foundation

/// One entrant's attempt at one round. The server keeps the clock (`deadline`): a reload, another tab or another device
/// neither resets nor extends it. One attempt per person per round: `identity_key` (the normalised CCCD, phone or
/// e-mail) is unique within a round. `token` is the browser's secret for the attempt (a cookie).
final class ContestAttempt: Model, @unchecked Sendable {
    static let schema = "contest_attempts"

    @ID(key: .id) var id: UUID?
    @Parent(key: "round_id") var round: ContestRound
    @Field(key: "identity_key") var identityKey: String
    @Field(key: "name") var name: String
    @OptionalField(key: "citizen_id") var citizenID: String?
    @OptionalField(key: "phone") var phone: String?
    @OptionalField(key: "email") var email: String?
    @OptionalParent(key: "unit_id") var unit: Unit?
    @Field(key: "token") var token: String
    /// The numbers of the questions drawn, in the order shown (JSON).
    @Field(key: "questions") var questionsJSON: String
    /// Question number → chosen option indices (JSON), as saved so far.
    @Field(key: "answers") var answersJSON: String
    @OptionalField(key: "predicted") var predicted: Int?
    @Field(key: "started_at") var startedAt: Date
    @Field(key: "deadline") var deadline: Date
    @OptionalField(key: "submitted_at") var submittedAt: Date?
    @OptionalField(key: "correct") var correct: Int?
    /// The person's key, the same for each of their attempts in a round (`identity_key` adds "#2", "#3" … after the first).
    @OptionalField(key: "person_key") var personKey: String?
    @OptionalField(key: "attempt_number") var attemptNumber: Int?
    /// The audience the entrant entered as ("staff" / "citizens"); nil when the round had one set for all.
    @OptionalField(key: "audience") var audienceRaw: String?
    @OptionalField(key: "address") var address: String?
    @OptionalField(key: "birth_year") var birthYear: Int?

    var person: String { personKey ?? identityKey }

    init() {}

    /// Closed: submitted, or its time is up (the answers saved by then count).
    func isClosed(at now: Date) -> Bool { submittedAt != nil || now >= deadline }
}
