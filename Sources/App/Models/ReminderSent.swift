import Fluent
import Foundation

/// A reminder that went out, by a key that names what it was about ("<assignment>|overdue|2025-03-31"): the unique key
/// is what makes a reminder go out once, whichever instance and however often the job runs.
final class ReminderSent: Model, @unchecked Sendable {
    static let schema = "reminders_sent"

    @ID(key: .id) var id: UUID?
    @Field(key: "key") var key: String
    @Field(key: "sent_at") var sentAt: Date

    init() {}

    init(key: String, at: Date) {
        self.key = key
        self.sentAt = at
    }
}
