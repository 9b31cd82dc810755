import Vapor

struct UsersPage: Encodable {
    let users: [UserRow]
    let paging: Paging
}
