import Fluent
import SQLKit

/// Contests ask the identity fields the organiser chooses and may exclude the organising unit's staff; rounds are for
/// civil servants, citizens or both, allow one or more attempts per person and have prizes per audience; an attempt
/// keeps the person it belongs to (`person_key`: the normalised CCCD, phone or e-mail, the same for each of that
/// person's attempts, while `identity_key` stays unique per round and attempt number), the audience chosen, the address,
/// the year of birth. Every new column may be empty: contests stored before read as one attempt, both audiences, the
/// identity asked before.
struct AddContestAudiences: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // SQLite adds one column per statement.
        try await database.schema(Contest.schema).field("identity_fields", .string).update()
        try await database.schema(Contest.schema).field("exclude_organisers", .bool).update()
        try await database.schema(ContestRound.schema).field("audience", .string).update()
        try await database.schema(ContestRound.schema).field("attempts_allowed", .int).update()
        try await database.schema(ContestRound.schema).field("prizes", .string).update()
        try await database.schema(ContestAttempt.schema).field("person_key", .string).update()
        try await database.schema(ContestAttempt.schema).field("attempt_number", .int).update()
        try await database.schema(ContestAttempt.schema).field("audience", .string).update()
        try await database.schema(ContestAttempt.schema).field("address", .string).update()
        try await database.schema(ContestAttempt.schema).field("birth_year", .int).update()
        if let sql = database as? any SQLDatabase {
            try await sql.update(ContestAttempt.schema).set(SQLIdentifier("person_key"), to: SQLIdentifier("identity_key"))
                .where(SQLIdentifier("person_key"), .is, SQLLiteral.null).run()
            try await sql.create(index: "idx_contest_attempts_person").on(ContestAttempt.schema).column("round_id").column("person_key").run()
        }
    }

    func revert(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase { try await sql.drop(index: "idx_contest_attempts_person").run() }
        for field in ["birth_year", "address", "audience", "attempt_number", "person_key"] {
            try await database.schema(ContestAttempt.schema).deleteField(.string(field)).update()
        }
        for field in ["prizes", "attempts_allowed", "audience"] { try await database.schema(ContestRound.schema).deleteField(.string(field)).update() }
        for field in ["exclude_organisers", "identity_fields"] { try await database.schema(Contest.schema).deleteField(.string(field)).update() }
    }
}
