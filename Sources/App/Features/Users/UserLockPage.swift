import Vapor

struct UserLockPage: Encodable {
    let user: UserRow
    let locking: Bool
}
