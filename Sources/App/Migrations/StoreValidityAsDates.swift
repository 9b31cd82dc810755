import Fluent
import SQLKit

/// Validity dates of units and groups become `date` columns on PostgreSQL. SQLite keeps the ISO text
/// "YYYY-MM-DD" it already holds: that is SQLite's own date form (it has no date type).
struct StoreValidityAsDates: AsyncMigration {
    static let columns = [(Unit.schema, "valid_from"), (Unit.schema, "valid_to"),
                          (UnitGroup.schema, "valid_from"), (UnitGroup.schema, "valid_to")]

    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase, sql.dialect.name == "postgresql" else { return }
        for (table, column) in Self.columns {
            try await sql.raw("ALTER TABLE \(ident: table) ALTER COLUMN \(ident: column) TYPE date USING NULLIF(\(ident: column), '')::date").run()
        }
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase, sql.dialect.name == "postgresql" else { return }
        for (table, column) in Self.columns {
            try await sql.raw("ALTER TABLE \(ident: table) ALTER COLUMN \(ident: column) TYPE text USING to_char(\(ident: column), 'YYYY-MM-DD')").run()
        }
    }
}
