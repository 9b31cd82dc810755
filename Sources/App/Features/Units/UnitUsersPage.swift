import Vapor
import Domain

struct UnitUsersPage: Encodable {
    let unit: UnitRow
    let users: [UserRow]
    let canManage: Bool
}
