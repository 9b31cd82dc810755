import Fluent
import Vapor
import Domain

struct UserDTO: Content {
    let id: UUID?
    let username: String
    let fullName: String
    let email: String?
    let role: String
    let unitID: UUID
    let isActive: Bool

    init(_ u: User) {
        id = u.id
        username = u.username
        fullName = u.fullName
        email = u.email
        role = u.role.rawValue
        unitID = u.$unit.id
        isActive = u.isActive
    }
}
