import Fluent
import SQLKit

/// Indexes for a country's worth of data:
/// - open assignments by (status, due date, id): the reminders job walks the backlog in that order a batch at a
///   time, and the roll-up's overdue list reads the oldest first (replaces the (status, due date) index);
/// - activity tallies by year, then dimension and value, with the count: a whole country's activities by month,
///   channel and kind are read from the index in order (a province's still go by unit, through the primary key);
/// - on PostgreSQL, unit paths for prefix matching (`path LIKE 'T0/%'`): under a collation other than "C" a plain
///   b-tree index cannot serve LIKE, `text_pattern_ops` can. SQLite's index on the path already serves it.
struct AddScaleIndexes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.drop(index: "idx_assignments_status_due").run()
        try await sql.create(index: "idx_assignments_status_due_id").on("assignments").column("status").column("due_on").column("id").run()
        try await sql.create(index: "idx_activity_tallies_year").on("activity_tallies")
            .column("year").column("dim").column("value").column("n").run()
        if sql.dialect.name == "postgresql" {
            try await sql.raw("CREATE INDEX idx_units_path_pattern ON units (path text_pattern_ops)").run()
        }
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        if sql.dialect.name == "postgresql" { try await sql.drop(index: "idx_units_path_pattern").run() }
        try await sql.drop(index: "idx_activity_tallies_year").run()
        try await sql.drop(index: "idx_assignments_status_due_id").run()
        try await sql.create(index: "idx_assignments_status_due").on("assignments").column("status").column("due_on").run()
    }
}
