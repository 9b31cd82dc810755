import Vapor

struct PasswordPage: Encodable {
    let user: UserRow
    let errors: [String: String]
}
