import Fluent
import Foundation
import SQLKit

/// Audit entries name their unit by id, so who may read them follows the unit's current place in the
/// tree; entries written before get the id from the last step of the path they copied.
struct AddAuditUnit: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AuditEntry.schema).field("unit_id", .uuid).update()
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "idx_audit_unit").on(AuditEntry.schema).column("unit_id").column("at").run()
        }
        for entry in try await AuditEntry.query(on: database).filter(\.$unitPath != nil).all() {
            guard let last = entry.unitPath?.split(separator: "/").last, let id = UUID(uuidString: String(last)) else { continue }
            entry.unitID = id
            try await entry.save(on: database)
        }
    }

    func revert(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase {
            try await sql.drop(index: "idx_audit_unit").run()
        }
        try await database.schema(AuditEntry.schema).deleteField("unit_id").update()
    }
}
