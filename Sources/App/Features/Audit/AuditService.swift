import Fluent
import SQLKit
import Vapor
import Domain

/// Reads the audit log (entries are written through `AuditTrail`, inside the write they describe).
enum AuditService {
    static func json<T: Encodable>(_ value: T?) -> String? {
        guard let value else { return nil }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return (try? encoder.encode(value)).flatMap { String(data: $0, encoding: .utf8) }
    }

    struct Filter {
        var text: String?
        var entityType: AuditEntity?
        var actor: String?
        var from: Date?
        var to: Date?
    }

    /// Entries the viewer may read, newest first.
    static func count(on db: any Database, viewer: Viewer, filter: Filter) async throws -> Int {
        try await query(on: db, viewer: viewer, filter: filter).count()
    }

    static func search(on db: any Database, viewer: Viewer, filter: Filter, offset: Int = 0, limit: Int = 50) async throws -> [AuditEntry] {
        try await query(on: db, viewer: viewer, filter: filter).sort(\.$at, .descending).range(offset..<(offset + limit)).all()
    }

    /// The entries `viewer` may read that match `filter`.
    private static func query(on db: any Database, viewer: Viewer, filter: Filter) -> QueryBuilder<AuditEntry> {
        let q = AuditEntry.query(on: db).visible(to: viewer)
        if let t = filter.entityType { q.filter(\.$entityType == t) }
        if let a = filter.actor, !a.isEmpty { q.filter(\.$actorName == a.lowercased()) }
        if let from = filter.from { q.filter(\.$at >= from) }
        if let to = filter.to { q.filter(\.$at < to) }
        if let text = filter.text, let pattern = LikePattern.contains(text) {
            q.group(.or) { g in
                g.filter(.sql(like: "summary", pattern))
                g.filter(.sql(like: "entity_id", pattern))
            }
        }
        return q
    }
}
