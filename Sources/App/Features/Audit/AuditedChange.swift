import Fluent
import Vapor

/// What an audited change records: who, which action on which kind of record, the unit it belongs to, a summary.
struct AuditedChange: Sendable {
    var actor: AuditActor
    var action: AuditService.Action
    var entityType: String
    var summary: String
    var now: Date
}

extension Database {
    /// The one "load, change, save, audit" sequence: in one write transaction, take the record's snapshot
    /// (none for a record not yet stored), apply `change`, save, run `afterSave` (rows that point at the record),
    /// take the snapshot again and write both to the audit log.
    /// `snapshot` is the record's public shape (a DTO, never the model with its secrets).
    func change<M: Model, S: Encodable & Sendable>(
        _ model: M, _ audit: AuditedChange, unitID: @escaping @Sendable (M) -> UUID?,
        snapshot: @escaping @Sendable (M, any Database) async throws -> S,
        _ change: @escaping @Sendable (M, any Database) async throws -> Void,
        afterSave: (@Sendable (M, any Database) async throws -> Void)? = nil
    ) async throws where M: Sendable, M.IDValue == UUID {
        try await write { db in
            let before = model._$idExists ? try await snapshot(model, db) : nil
            try await change(model, db)
            try await model.save(on: db)
            try await afterSave?(model, db)
            try await AuditService.record(on: db, actor: audit.actor, action: audit.action, entityType: audit.entityType,
                                          entityID: model.id, unitID: unitID(model), summary: audit.summary,
                                          before: before, after: try await snapshot(model, db), at: audit.now)
        }
    }
}
