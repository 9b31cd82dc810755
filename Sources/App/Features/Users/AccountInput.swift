import Fluent
import Vapor
import Domain

/// What an administrator or plan owner may change on an existing account.
struct AccountInput: Sendable {
    var fullName: String
    var email: String?
    var role: Role
    var unitID: UUID
}
