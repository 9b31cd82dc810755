import Fluent
import SQLKit

/// Running tallies the roll-up reads instead of scanning millions of rows (DESIGN.md's national dataset: 500,000
/// assignments, 2,000,000 activities):
/// - `activity_tallies`: activities per unit and year, counted three ways (`dim`): by month, by channel, by kind —
///   three short lists per unit rather than one row for nearly every activity;
/// - `assignment_tallies`: assignments per unit and plan in four states — done on time, done late, cancelled, and
///   open by due date (so "overdue" is still counted against today's date when the page is read).
/// Triggers in the database keep them right on every insert, update and delete, cascades included, whatever code
/// path writes; the migration fills them from the rows already there.
struct CreateRollupTallies: AsyncMigration {
    /// The due date recorded for states that do not depend on it.
    static let closedDue = "1970-01-01"

    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        let postgres = sql.dialect.name == "postgresql"
        // The same declared types as the columns they copy (in SQLite, "UUID" and "DATE" give the affinity the other
        // tables' keys have, so joins and IN lists use the primary keys).
        let uuid = "UUID", date = "DATE"
        try await sql.raw("""
            CREATE TABLE activity_tallies (unit_id \(unsafeRaw: uuid) NOT NULL, year INTEGER NOT NULL, dim TEXT NOT NULL,
              value TEXT NOT NULL, n INTEGER NOT NULL,
              PRIMARY KEY (unit_id, year, dim, value))
            """).run()
        try await sql.raw("""
            CREATE TABLE assignment_tallies (unit_id \(unsafeRaw: uuid) NOT NULL, plan_id \(unsafeRaw: uuid) NOT NULL, state TEXT NOT NULL,
              due_on \(unsafeRaw: date) NOT NULL, n INTEGER NOT NULL,
              PRIMARY KEY (unit_id, plan_id, state, due_on))
            """).run()
        if postgres { try await postgresTriggers(sql) } else { try await sqliteTriggers(sql) }
        // What is already there.
        for (dim, value) in Self.dimensions(postgres: postgres, row: nil) {
            try await sql.raw("""
                INSERT INTO activity_tallies (unit_id, year, dim, value, n)
                SELECT unit_id, \(unsafeRaw: Self.year(nil, postgres: postgres)), '\(unsafeRaw: dim)', \(unsafeRaw: value), COUNT(*) FROM activities
                GROUP BY unit_id, \(unsafeRaw: Self.year(nil, postgres: postgres)), \(unsafeRaw: value)
                """).run()
        }
        try await sql.raw("""
            INSERT INTO assignment_tallies (unit_id, plan_id, state, due_on, n)
            SELECT a.unit_id, a.plan_id, \(unsafeRaw: Self.state("a")), \(unsafeRaw: Self.due("a", postgres: postgres)), COUNT(*)
            FROM assignments a
            GROUP BY a.unit_id, a.plan_id, \(unsafeRaw: Self.state("a")), \(unsafeRaw: Self.due("a", postgres: postgres))
            """).run()
        try await sql.create(index: "idx_assignments_status_due").on("assignments").column("status").column("due_on").run()
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        if sql.dialect.name == "postgresql" {
            try await sql.raw("DROP TRIGGER IF EXISTS activity_tally ON activities").run()
            try await sql.raw("DROP TRIGGER IF EXISTS assignment_tally ON assignments").run()
            try await sql.raw("DROP FUNCTION IF EXISTS activity_tally()").run()
            try await sql.raw("DROP FUNCTION IF EXISTS assignment_tally()").run()
        } else {
            for name in ["activity_tally_insert", "activity_tally_delete", "activity_tally_update",
                         "assignment_tally_insert", "assignment_tally_delete", "assignment_tally_update"] {
                try await sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: name)").run()
            }
        }
        try await sql.drop(index: "idx_assignments_status_due").run()
        try await sql.raw("DROP TABLE activity_tallies").run()
        try await sql.raw("DROP TABLE assignment_tallies").run()
    }

    /// The year of an activity row (`r`: NEW, OLD, or nil for the table itself).
    static func year(_ r: String?, postgres: Bool) -> String {
        let column = r.map { "\($0).happened_on" } ?? "happened_on"
        return postgres ? "CAST(EXTRACT(YEAR FROM \(column)) AS INTEGER)" : "CAST(substr(\(column), 1, 4) AS INTEGER)"
    }

    /// The three ways an activity is counted, and its value in each: month (two digits), channel, kind.
    static func dimensions(postgres: Bool, row r: String?) -> [(String, String)] {
        let prefix = r.map { "\($0)." } ?? ""
        let month = postgres ? "TO_CHAR(\(prefix)happened_on, 'MM')" : "substr(\(prefix)happened_on, 6, 2)"
        return [("month", month), ("channel", prefix + "channel"), ("kind", prefix + "kind")]
    }

    /// The tally state of an assignment row (`r` is NEW, OLD or a table alias).
    static func state(_ r: String) -> String {
        """
        CASE WHEN \(r).status = 'done' AND (\(r).done_on IS NULL OR \(r).done_on <= \(r).due_on) THEN 'on_time' \
        WHEN \(r).status = 'done' THEN 'late' WHEN \(r).status = 'cancelled' THEN 'cancelled' ELSE 'open' END
        """
    }

    static func due(_ r: String, postgres: Bool) -> String {
        "CASE WHEN \(r).status = 'open' THEN \(r).due_on ELSE \(postgres ? "DATE '\(closedDue)'" : "'\(closedDue)'") END"
    }

    private func sqliteTriggers(_ sql: any SQLDatabase) async throws {
        func add(_ r: String) -> String {
            Self.dimensions(postgres: false, row: r).map { dim, value in
                """
                INSERT INTO activity_tallies (unit_id, year, dim, value, n) VALUES (\(r).unit_id, \(Self.year(r, postgres: false)), '\(dim)', \(value), 1)
                ON CONFLICT (unit_id, year, dim, value) DO UPDATE SET n = n + 1;
                """
            }.joined(separator: "\n")
        }
        func remove(_ r: String) -> String {
            Self.dimensions(postgres: false, row: r).map { dim, value in
                """
                UPDATE activity_tallies SET n = n - 1 WHERE unit_id = \(r).unit_id AND year = \(Self.year(r, postgres: false))
                  AND dim = '\(dim)' AND value = \(value);
                """
            }.joined(separator: "\n")
        }
        func addAssignment(_ r: String) -> String {
            """
            INSERT INTO assignment_tallies (unit_id, plan_id, state, due_on, n)
            VALUES (\(r).unit_id, \(r).plan_id, \(Self.state(r)), \(Self.due(r, postgres: false)), 1)
            ON CONFLICT (unit_id, plan_id, state, due_on) DO UPDATE SET n = n + 1;
            """
        }
        func removeAssignment(_ r: String) -> String {
            """
            UPDATE assignment_tallies SET n = n - 1 WHERE unit_id = \(r).unit_id AND plan_id = \(r).plan_id
              AND state = \(Self.state(r)) AND due_on = \(Self.due(r, postgres: false));
            """
        }
        for statement in [
            "CREATE TRIGGER activity_tally_insert AFTER INSERT ON activities BEGIN \(add("NEW")) END",
            "CREATE TRIGGER activity_tally_delete AFTER DELETE ON activities BEGIN \(remove("OLD")) END",
            "CREATE TRIGGER activity_tally_update AFTER UPDATE OF unit_id, happened_on, channel, kind ON activities BEGIN \(remove("OLD")) \(add("NEW")) END",
            "CREATE TRIGGER assignment_tally_insert AFTER INSERT ON assignments BEGIN \(addAssignment("NEW")) END",
            "CREATE TRIGGER assignment_tally_delete AFTER DELETE ON assignments BEGIN \(removeAssignment("OLD")) END",
            "CREATE TRIGGER assignment_tally_update AFTER UPDATE OF unit_id, plan_id, status, done_on, due_on ON assignments BEGIN \(removeAssignment("OLD")) \(addAssignment("NEW")) END",
        ] {
            try await sql.raw(SQLQueryString(statement)).run()
        }
    }

    private func postgresTriggers(_ sql: any SQLDatabase) async throws {
        func v(_ r: String, _ dim: String) -> String {
            Self.dimensions(postgres: true, row: r).first { $0.0 == dim }?.1 ?? "''"
        }
        try await sql.raw(SQLQueryString("""
            CREATE FUNCTION activity_tally() RETURNS trigger AS $$
            BEGIN
              IF TG_OP IN ('DELETE', 'UPDATE') THEN
                UPDATE activity_tallies SET n = n - 1 WHERE unit_id = OLD.unit_id AND year = \(Self.year("OLD", postgres: true))
                  AND dim = 'month' AND value = \(v("OLD", "month"));
                UPDATE activity_tallies SET n = n - 1 WHERE unit_id = OLD.unit_id AND year = \(Self.year("OLD", postgres: true))
                  AND dim = 'channel' AND value = \(v("OLD", "channel"));
                UPDATE activity_tallies SET n = n - 1 WHERE unit_id = OLD.unit_id AND year = \(Self.year("OLD", postgres: true))
                  AND dim = 'kind' AND value = \(v("OLD", "kind"));
              END IF;
              IF TG_OP IN ('INSERT', 'UPDATE') THEN
                INSERT INTO activity_tallies (unit_id, year, dim, value, n) VALUES (NEW.unit_id, \(Self.year("NEW", postgres: true)), 'month', \(v("NEW", "month")), 1)
                ON CONFLICT (unit_id, year, dim, value) DO UPDATE SET n = activity_tallies.n + 1;
                INSERT INTO activity_tallies (unit_id, year, dim, value, n) VALUES (NEW.unit_id, \(Self.year("NEW", postgres: true)), 'channel', \(v("NEW", "channel")), 1)
                ON CONFLICT (unit_id, year, dim, value) DO UPDATE SET n = activity_tallies.n + 1;
                INSERT INTO activity_tallies (unit_id, year, dim, value, n) VALUES (NEW.unit_id, \(Self.year("NEW", postgres: true)), 'kind', \(v("NEW", "kind")), 1)
                ON CONFLICT (unit_id, year, dim, value) DO UPDATE SET n = activity_tallies.n + 1;
              END IF;
              RETURN NULL;
            END $$ LANGUAGE plpgsql
            """)).run()
        try await sql.raw("""
            CREATE TRIGGER activity_tally AFTER INSERT OR DELETE OR UPDATE OF unit_id, happened_on, channel, kind ON activities
            FOR EACH ROW EXECUTE FUNCTION activity_tally()
            """).run()
        try await sql.raw(SQLQueryString("""
            CREATE FUNCTION assignment_tally() RETURNS trigger AS $$
            BEGIN
              IF TG_OP IN ('DELETE', 'UPDATE') THEN
                UPDATE assignment_tallies SET n = n - 1 WHERE unit_id = OLD.unit_id AND plan_id = OLD.plan_id
                  AND state = \(Self.state("OLD")) AND due_on = \(Self.due("OLD", postgres: true));
              END IF;
              IF TG_OP IN ('INSERT', 'UPDATE') THEN
                INSERT INTO assignment_tallies (unit_id, plan_id, state, due_on, n)
                VALUES (NEW.unit_id, NEW.plan_id, \(Self.state("NEW")), \(Self.due("NEW", postgres: true)), 1)
                ON CONFLICT (unit_id, plan_id, state, due_on) DO UPDATE SET n = assignment_tallies.n + 1;
              END IF;
              RETURN NULL;
            END $$ LANGUAGE plpgsql
            """)).run()
        try await sql.raw("""
            CREATE TRIGGER assignment_tally AFTER INSERT OR DELETE OR UPDATE OF unit_id, plan_id, status, done_on, due_on ON assignments
            FOR EACH ROW EXECUTE FUNCTION assignment_tally()
            """).run()
    }
}
