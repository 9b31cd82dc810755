import Fluent
import Vapor

/// Who changed what, when, with the record before and after.
final class AuditEntry: Model, @unchecked Sendable {
    static let schema = "audit_entries"

    @ID(key: .id) var id: UUID?
    @Field(key: "at") var at: Date
    @OptionalField(key: "actor_id") var actorID: UUID?
    @Field(key: "actor_name") var actorName: String
    @Field(key: "action") var action: AuditAction
    @Field(key: "entity_type") var entityType: AuditEntity
    @Field(key: "entity_id") var entityID: String
    /// Where the unit stood when the entry was written (history only; access goes by `unitID`).
    @OptionalField(key: "unit_path") var unitPath: String?
    /// The unit the record belongs to: who may read the entry follows that unit's current place in the tree.
    @OptionalField(key: "unit_id") var unitID: UUID?
    @Field(key: "summary") var summary: String
    @OptionalField(key: "before") var before: String?
    @OptionalField(key: "after") var after: String?

    init() {}

    init(at: Date, actorID: UUID?, actorName: String, action: AuditAction, entityType: AuditEntity, entityID: String,
         unitID: UUID?, summary: String, before: String?, after: String?) {
        self.at = at
        self.actorID = actorID
        self.actorName = actorName
        self.action = action
        self.entityType = entityType
        self.entityID = entityID
        self.unitID = unitID
        self.summary = summary
        self.before = before
        self.after = after
    }
}
