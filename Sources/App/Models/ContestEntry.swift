import Domain
import Fluent
import Foundation

/// A unit's entry in a creative round (a slogan, a short text; optionally a file): one per unit and round, changed by
/// the unit until the round closes, then scored by the judges.
final class ContestEntry: Model, @unchecked Sendable {
    static let schema = "contest_entries"

    @ID(key: .id) var id: UUID?
    @Parent(key: "round_id") var round: ContestRound
    @Parent(key: "unit_id") var unit: Unit
    @Field(key: "text") var text: String
    @OptionalField(key: "file_key") var fileKey: String?
    @OptionalField(key: "file_name") var fileName: String?
    @OptionalField(key: "file_type") var fileTypeRaw: String?
    @Field(key: "submitted_by") var submittedBy: String
    @Field(key: "submitted_at") var submittedAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    var fileType: EvidenceType? { fileTypeRaw.flatMap(EvidenceType.init(rawValue:)) }

    init() {}
}

extension ContestEntry: UnitOwned { static let ownerUnitColumn = "unit_id" }

/// One judge's points for one entry, criterion by criterion (JSON), and their total.
final class ContestScore: Model, @unchecked Sendable {
    static let schema = "contest_scores"

    @ID(key: .id) var id: UUID?
    @Parent(key: "entry_id") var entry: ContestEntry
    @Parent(key: "judge_id") var judge: User
    @Field(key: "points") var pointsJSON: String
    @Field(key: "total") var total: Double
    @Field(key: "scored_at") var scoredAt: Date

    init() {}

    var points: [Double] {
        get throws { try StoredJSON.decode([Double].self, pointsJSON, what: "điểm của giám khảo") }
    }
}

/// An account the organiser named judge of a creative round.
final class ContestJudge: Model, @unchecked Sendable {
    static let schema = "contest_judges"

    @ID(key: .id) var id: UUID?
    @Parent(key: "round_id") var round: ContestRound
    @Parent(key: "user_id") var user: User

    init() {}

    init(roundID: UUID, userID: UUID) {
        self.id = UUID()
        self.$round.id = roundID
        self.$user.id = userID
    }
}
