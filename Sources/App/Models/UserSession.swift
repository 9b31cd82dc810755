import Fluent
import Vapor

/// A signed-in browser. The cookie holds a random token; only its SHA-256 is stored, so a copy of the
/// database does not let anyone in. Created at login only: visitors who are not signed in have none.
final class UserSession: Model, @unchecked Sendable {
    static let schema = "user_sessions"

    @ID(key: .id) var id: UUID?
    @Field(key: "token_hash") var tokenHash: String
    @Parent(key: "user_id") var user: User
    @Field(key: "csrf") var csrf: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "last_seen_at") var lastSeenAt: Date
    @Field(key: "address") var address: String

    init() {}

    init(tokenHash: String, userID: UUID, csrf: String, address: String, now: Date) {
        self.tokenHash = tokenHash
        self.$user.id = userID
        self.csrf = csrf
        self.address = address
        self.createdAt = now
        self.lastSeenAt = now
    }
}
