import Fluent
import Vapor
import Domain

struct UserInput: Sendable {
    var username: String
    var fullName: String
    var email: String?
    var role: Role
    var unitID: UUID
    var password: String
}
