import Fluent
import Vapor

/// An account. Every account belongs to one unit.
final class User: Model, @unchecked Sendable {
    static let schema = "users"

    @ID(key: .id) var id: UUID?
    @Field(key: "username") var username: String
    @Field(key: "password_hash") var passwordHash: String
    @Field(key: "full_name") var fullName: String
    @OptionalField(key: "email") var email: String?
    @Field(key: "role") var role: Role
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
        self.role = role
        self.$unit.id = unitID
        self.isActive = true
    }
}
