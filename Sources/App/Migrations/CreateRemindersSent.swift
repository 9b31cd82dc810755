import Fluent

struct CreateRemindersSent: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ReminderSent.schema)
            .id()
            .field("key", .string, .required)
            .field("sent_at", .datetime, .required)
            .unique(on: "key", name: "uq_reminders_sent_key")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ReminderSent.schema).delete()
    }
}
