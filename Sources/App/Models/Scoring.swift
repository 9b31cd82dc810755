import Domain
import Fluent
import SQLKit
import Foundation

/// A scoring rule of the reform index for one year and one block of units (a level and unit kinds) under the unit
/// that issues the index: the criteria as text (`ScoringRuleText`). Once its table is approved it is frozen, and next
/// year's rule is a new row (a copy), so a published year never changes.
final class ScoringRuleSet: Model, @unchecked Sendable {
    static let schema = "scoring_rules"

    @ID(key: .id) var id: UUID?
    @Parent(key: "issuer_id") var issuer: Unit
    @Field(key: "year") var year: Int
    @Field(key: "name") var name: String
    @Field(key: "level") var level: UnitLevel
    /// Unit kinds of the block, comma-separated raw values.
    @Field(key: "kinds") var kindsText: String
    @Field(key: "text") var text: String
    @Field(key: "updated_by") var updatedBy: String
    @Field(key: "updated_at") var updatedAt: Date
    @OptionalField(key: "computed_at") var computedAt: Date?
    @OptionalField(key: "approved_at") var approvedAt: Date?
    @OptionalField(key: "approved_by") var approvedBy: String?

    init() {}

    init(issuerID: UUID, year: Int, name: String, level: UnitLevel, kinds: [UnitKind], text: String, by: String, at: Date) {
        self.id = UUID()
        self.$issuer.id = issuerID
        self.year = year
        self.name = name
        self.level = level
        self.kindsText = kinds.map(\.rawValue).joined(separator: ",")
        self.text = text
        self.updatedBy = by
        self.updatedAt = at
    }

    var kinds: [UnitKind] { kindsText.split(separator: ",").compactMap { UnitKind(rawValue: String($0)) } }
    var isApproved: Bool { approvedAt != nil }
    var rule: ScoringRule? { if case .success(let r) = ScoringRuleText.parse(text) { return r } else { return nil } }
    var blockLabel: String { "\(level.label) — \(kinds.map(\.label).joined(separator: ", "))" }
}

/// One unit's score under a rule: what the records gave (with the card that explains it), the unit's own proposal,
/// the home-affairs office's appraisal; final = appraised, else computed. Points are decimal text ("1.75").
final class ScoreSheet: Model, @unchecked Sendable {
    static let schema = "score_sheets"

    @ID(key: .id) var id: UUID?
    @Parent(key: "rule_id") var ruleSet: ScoringRuleSet
    @Parent(key: "unit_id") var unit: Unit
    @Field(key: "card") var cardJSON: String
    @Field(key: "computed_points") var computedText: String
    @Field(key: "computed_at") var computedAt: Date
    @OptionalField(key: "proposed_points") var proposedText: String?
    @OptionalField(key: "proposal_reason") var proposalReason: String?
    @OptionalField(key: "proposal_links") var proposalLinks: String?
    @OptionalField(key: "proposed_by") var proposedBy: String?
    @OptionalField(key: "proposed_at") var proposedAt: Date?
    @OptionalField(key: "appraised_points") var appraisedText: String?
    @OptionalField(key: "appraisal_note") var appraisalNote: String?
    @OptionalField(key: "appraised_by") var appraisedBy: String?
    @OptionalField(key: "appraised_at") var appraisedAt: Date?

    init() {}

    init(ruleID: UUID, unitID: UUID, card: String, computed: Decimal, at: Date) {
        self.id = UUID()
        self.$ruleSet.id = ruleID
        self.$unit.id = unitID
        self.cardJSON = card
        self.computedText = ScoreSheet.store(computed)
        self.computedAt = at
    }

    static func store(_ d: Decimal) -> String { NSDecimalNumber(decimal: ScorePoints.rounded(d)).stringValue }
    static func read(_ s: String?) -> Decimal? { s.flatMap { Decimal(string: $0, locale: Locale(identifier: "en_US_POSIX")) } }

    var computed: Decimal { Self.read(computedText) ?? 0 }
    var proposed: Decimal? { Self.read(proposedText) }
    var appraised: Decimal? { Self.read(appraisedText) }
    var final: Decimal { appraised ?? computed }
    /// A proposal the office has not yet answered.
    var awaitsAppraisal: Bool { proposedText != nil && (appraisedAt == nil || (proposedAt ?? .distantPast) > (appraisedAt ?? .distantPast)) }
    var card: UnitScoreCard? { try? StoredJSON.decode(UnitScoreCard.self, cardJSON, what: "phiếu chấm điểm") }
}

struct CreateScoring: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ScoringRuleSet.schema)
            .id()
            .field("issuer_id", .uuid, .required, .references(Unit.schema, "id"))
            .field("year", .int, .required)
            .field("name", .string, .required)
            .field("level", .string, .required)
            .field("kinds", .string, .required)
            .field("text", .string, .required)
            .field("updated_by", .string, .required)
            .field("updated_at", .datetime, .required)
            .field("computed_at", .datetime)
            .field("approved_at", .datetime)
            .field("approved_by", .string)
            .create()
        try await database.schema(ScoreSheet.schema)
            .id()
            .field("rule_id", .uuid, .required, .references(ScoringRuleSet.schema, "id"))
            .field("unit_id", .uuid, .required, .references(Unit.schema, "id"))
            .field("card", .string, .required)
            .field("computed_points", .string, .required)
            .field("computed_at", .datetime, .required)
            .field("proposed_points", .string)
            .field("proposal_reason", .string)
            .field("proposal_links", .string)
            .field("proposed_by", .string)
            .field("proposed_at", .datetime)
            .field("appraised_points", .string)
            .field("appraisal_note", .string)
            .field("appraised_by", .string)
            .field("appraised_at", .datetime)
            .unique(on: "rule_id", "unit_id", name: "uq_score_sheets_rule_unit")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ScoreSheet.schema).delete()
        try await database.schema(ScoringRuleSet.schema).delete()
    }
}

extension ScoringRuleSet: UnitOwned { static let ownerUnitColumn = "issuer_id" }
extension ScoreSheet: UnitOwned { static let ownerUnitColumn = "unit_id" }

extension ScoringRuleSet: UnitRecord {
    static let parameter = "ruleID"
    static let missing = "Không tìm thấy bộ tiêu chí chấm điểm."
    static func load(_ id: UUID, on db: any Database) async throws -> ScoringRuleSet? {
        try await ScoringRuleSet.query(on: db).filter(\.$id == id).with(\.$issuer).first()
    }
    var ownerUnit: Unit { issuer }
}

extension ScoreSheet: UnitRecord {
    static let parameter = "sheetID"
    static let missing = "Không tìm thấy phiếu chấm điểm."
    static func load(_ id: UUID, on db: any Database) async throws -> ScoreSheet? {
        try await ScoreSheet.query(on: db).filter(\.$id == id).with(\.$unit).with(\.$ruleSet) { $0.with(\.$issuer) }.first()
    }
    var ownerUnit: Unit { unit }
}

extension Viewer {
    /// May write a scoring rule of `issuer`, compute its table and appraise proposals: the issuing unit's plan owners
    /// (the home-affairs office) and administrators.
    func mayAppraise(scoresOf issuer: Unit) -> Bool { isAdmin || (role == .planOwner && unit.id == issuer.id) }

    /// May approve the final table: the issuing unit's leaders, and administrators.
    func mayApprove(scoresOf issuer: Unit) -> Bool { isAdmin || (role == .leader && unit.id == issuer.id) }

    /// May propose another score for `scored`: its own staff who may edit its records (not the office above).
    func mayPropose(scoreOf scored: Unit) -> Bool { unit.id == scored.id && may(.edit, scored) }

    /// Whether the scoring menu offers writing rules at all.
    var writesScoringRules: Bool { isAdmin || role == .planOwner }
}

/// Verified activities by unit and day, with their channel and kind: the scoring measures count a block's verified
/// work by channel and kind without reading the rows (a partial index: only verified rows are in it).
struct AddVerifiedActivityIndex: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("""
            CREATE INDEX idx_activities_verified ON activities (unit_id, happened_on, channel, kind) WHERE review = 'verified'
            """).run()
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.drop(index: "idx_activities_verified").run()
    }
}
