import Fluent
import Vapor

/// One login try, kept to rate-limit by account and by address.
final class LoginAttempt: Model, @unchecked Sendable {
    static let schema = "login_attempts"

    @ID(key: .id) var id: UUID?
    @Field(key: "username") var username: String
    @Field(key: "address") var address: String
    @Field(key: "succeeded") var succeeded: Bool
    @Field(key: "attempted_at") var attemptedAt: Date
    /// pending (counted as a failure until the password is checked), failed, succeeded, blocked, and
    /// blockedFirst for the try that started a series of blocks (its owner and the administrators were told).
    @OptionalField(key: "outcome") var outcome: String?

    init() {}

    init(username: String, address: String, outcome: Outcome, at: Date) {
        self.username = username
        self.address = address
        self.succeeded = outcome == .succeeded
        self.outcome = outcome.rawValue
        self.attemptedAt = at
    }

    enum Outcome: String, Sendable {
        case pending, failed, succeeded, blocked
        case blockedFirst = "blocked_first"
    }
}
