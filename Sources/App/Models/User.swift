import Fluent
import Vapor

enum Role: String, Codable, CaseIterable, Sendable {
    case admin
    case planOwner = "plan_owner"
    case reporter
    case leader

    var label: String {
        switch self {
        case .admin: return "Quản trị hệ thống"
        case .planOwner: return "Phụ trách kế hoạch"
        case .reporter: return "Cán bộ báo cáo của đơn vị"
        case .leader: return "Lãnh đạo"
        }
    }
}

/// An account. Every account belongs to one unit.
final class User: Model, @unchecked Sendable {
    static let schema = "users"

    @ID(key: .id) var id: UUID?
    @Field(key: "username") var username: String
    @Field(key: "password_hash") var passwordHash: String
    @Field(key: "full_name") var fullName: String
    @OptionalField(key: "email") var email: String?
    @Field(key: "role") var role: String
    @Parent(key: "unit_id") var unit: Unit
    @Field(key: "is_active") var isActive: Bool
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(id: UUID = UUID(), username: String, passwordHash: String, fullName: String, email: String? = nil,
         role: Role, unitID: UUID) {
        self.id = id
        self.username = username.lowercased()
        self.passwordHash = passwordHash
        self.fullName = fullName
        self.email = email
        self.role = role.rawValue
        self.$unit.id = unitID
        self.isActive = true
    }

    var userRole: Role { Role(rawValue: role) ?? .reporter }
}

/// A bearer token for the JSON API; only its SHA-256 is stored.
final class APIToken: Model, @unchecked Sendable {
    static let schema = "api_tokens"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "name") var name: String
    @Field(key: "token_hash") var tokenHash: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @OptionalField(key: "expires_at") var expiresAt: Date?
    @OptionalField(key: "last_used_at") var lastUsedAt: Date?
    @OptionalField(key: "revoked_at") var revokedAt: Date?

    init() {}

    init(userID: UUID, name: String, tokenHash: String, expiresAt: Date) {
        self.$user.id = userID
        self.name = name
        self.tokenHash = tokenHash
        self.expiresAt = expiresAt
    }

    func isUsable(at now: Date) -> Bool {
        revokedAt == nil && (expiresAt.map { $0 > now } ?? false)
    }
}

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

/// Who changed what, when, with the record before and after.
final class AuditEntry: Model, @unchecked Sendable {
    static let schema = "audit_entries"

    @ID(key: .id) var id: UUID?
    @Field(key: "at") var at: Date
    @OptionalField(key: "actor_id") var actorID: UUID?
    @Field(key: "actor_name") var actorName: String
    @Field(key: "action") var action: String
    @Field(key: "entity_type") var entityType: String
    @Field(key: "entity_id") var entityID: String
    /// Where the unit stood when the entry was written (history only; access goes by `unitID`).
    @OptionalField(key: "unit_path") var unitPath: String?
    /// The unit the record belongs to: who may read the entry follows that unit's current place in the tree.
    @OptionalField(key: "unit_id") var unitID: UUID?
    @Field(key: "summary") var summary: String
    @OptionalField(key: "before") var before: String?
    @OptionalField(key: "after") var after: String?

    init() {}

    init(at: Date, actorID: UUID?, actorName: String, action: String, entityType: String, entityID: String,
         unitID: UUID?, summary: String, before: String?, after: String?) {
        self.at = at
        self.actorID = actorID
        self.actorName = actorName
        self.action = action
        self.entityType = entityType
        self.entityID = entityID
        self.unitID = unitID
        self.summary = summary
        self.before = before
        self.after = after
    }
}
