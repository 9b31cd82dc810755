import Domain
import Fluent
import Foundation

/// An online contest ("Cuộc thi tìm hiểu cải cách hành chính") a unit organises: its rules, its question bank and its
/// rounds. Entrants need no account: they open `/thi/<code>`.
final class Contest: Model, @unchecked Sendable {
    static let schema = "contests"

    @ID(key: .id) var id: UUID?
    @Parent(key: "unit_id") var unit: Unit
    @Field(key: "title") var title: String
    @Field(key: "rules") var rules: String
    @Field(key: "consent") var consent: String
    @Field(key: "public_code") var publicCode: String
    @Field(key: "created_by") var createdBy: String
    @Field(key: "created_at") var createdAt: Date
    /// The identity fields asked beside the name (JSON of `ContestIdentity.Field` names); none stored: the usual three.
    @OptionalField(key: "identity_fields") var identityFieldsJSON: String?
    /// Whether the organising unit's own staff are excluded from prizes (nil: yes, as the rules of real contests say).
    @OptionalField(key: "exclude_organisers") var excludeOrganisers: Bool?
    /// The organiser's assignment of the plan task that launched the contest: each published round is its activity.
    @OptionalParent(key: "assignment_id") var assignment: Assignment?
    /// Or a task of the organiser's own plan (the issuer carries it out itself, with no assignment).
    @OptionalField(key: "task_id") var taskID: UUID?

    var identityFields: [ContestIdentity.Field] {
        identityFieldsJSON.flatMap { try? StoredJSON.decode([ContestIdentity.Field].self, $0, what: "thông tin người dự thi") }
            ?? ContestIdentity.Field.usual
    }
    var excludesOrganisers: Bool { excludeOrganisers ?? true }

    init() {}

    init(unitID: UUID, title: String, rules: String, consent: String, createdBy: String, at: Date) {
        self.id = UUID()
        self.$unit.id = unitID
        self.title = title
        self.rules = rules
        self.consent = consent
        self.publicCode = [UInt8].random(count: 6).hex
        self.createdBy = createdBy
        self.createdAt = at
    }
}
