import Vapor
import Domain

struct UserRow: Encodable {
    let id: String
    let username: String
    let fullName: String
    let role: String
    let unitName: String
    let active: Bool
}
