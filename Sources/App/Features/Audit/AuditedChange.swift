import Fluent
import SQLKit
import Vapor

/// The audit entries of one write transaction. Only `Database.audited` makes one, inside the transaction it opens,
/// so an entry is stored if and only if the change it describes is.
struct AuditTrail: Sendable {
    let db: any Database
    let actor: AuditActor
    let at: Date

    fileprivate init(db: any Database, actor: AuditActor, at: Date) {
        self.db = db
        self.actor = actor
        self.at = at
    }

    /// Records `action` on the record `id` of kind `entity`, which belongs to `unit`, with its public shape before and after.
    func record<B: Encodable, A: Encodable>(_ action: AuditAction, _ entity: AuditEntity, id: UUID?, unit: UUID?, summary: String,
                                            before: B?, after: A?) async throws {
        try await entry(action, entity, id: id?.uuidString ?? "-", unit: unit, summary: summary,
                        before: AuditService.json(before), after: AuditService.json(after)).create(on: db)
    }

    /// Records an event with nothing to compare (a login, a reminder sent).
    func record(_ action: AuditAction, _ entity: AuditEntity, id: UUID?, unit: UUID?, summary: String) async throws {
        try await record(action, entity, id: id, unit: unit, summary: summary, before: String?.none, after: String?.none)
    }

    /// The entry as it would be stored, for writes that insert many rows in a few statements (`insert(_:)`).
    func entry(_ action: AuditAction, _ entity: AuditEntity, id: String, unit: UUID?, summary: String,
               before: String?, after: String?) -> AuditEntry {
        AuditEntry(at: at, actorID: actor.id, actorName: actor.name, action: action, entityType: entity, entityID: id,
                   unitID: unit, summary: summary, before: before, after: after)
    }

    /// Stores many entries made by `entry(…)` in statements of `batch` rows.
    func insert(_ entries: [AuditEntry], batch: Int) async throws {
        guard let sql = db as? any SQLDatabase else { throw AppError.busy }
        for chunk in entries.chunked(batch) {
            var insert = sql.insert(into: AuditEntry.schema)
                .columns("id", "at", "actor_id", "actor_name", "action", "entity_type", "entity_id", "unit_id", "summary", "before", "after")
            for e in chunk {
                insert = insert.values([UUID(), e.at, e.actorID, e.actorName, e.action.rawValue, e.entityType.rawValue, e.entityID, e.unitID,
                                        e.summary, e.before, e.after] as [any Encodable & Sendable])
            }
            try await insert.run()
        }
    }
}

/// What an audited change of one record records: who, which action on which kind of record, a summary.
struct AuditedChange: Sendable {
    var actor: AuditActor
    var action: AuditAction
    var entityType: AuditEntity
    var summary: String
    var now: Date
}

extension Database {
    /// The one audited write: `body` runs in one write transaction (`write`) with the trail its audit entries go to.
    /// Every change to the database that a person or a job makes goes through here or through `change`.
    func audited<T: Sendable>(by actor: AuditActor, at: Date,
                              _ body: @escaping @Sendable (any Database, AuditTrail) async throws -> T) async throws -> T {
        try await write { db in try await body(db, AuditTrail(db: db, actor: actor, at: at)) }
    }

    /// The "load, change, save, audit" sequence for one record: in one write transaction, take the record's snapshot
    /// (none for a record not yet stored), apply `change`, save, run `afterSave` (rows that point at the record),
    /// take the snapshot again and write both to the audit log.
    /// `snapshot` is the record's public shape (a DTO, never the model with its secrets).
    func change<M: Model, S: Encodable & Sendable>(
        _ model: M, _ audit: AuditedChange, unitID: @escaping @Sendable (M) -> UUID?,
        snapshot: @escaping @Sendable (M, any Database) async throws -> S,
        _ change: @escaping @Sendable (M, any Database) async throws -> Void,
        afterSave: (@Sendable (M, any Database) async throws -> Void)? = nil
    ) async throws where M: Sendable, M.IDValue == UUID {
        try await audited(by: audit.actor, at: audit.now) { db, trail in
            let before = model._$idExists ? try await snapshot(model, db) : nil
            try await change(model, db)
            try await model.save(on: db)
            try await afterSave?(model, db)
            try await trail.record(audit.action, audit.entityType, id: model.id, unit: unitID(model), summary: audit.summary,
                                   before: before, after: try await snapshot(model, db))
        }
    }
}
