import Vapor

struct UsersPage: Encodable {
    let users: [UserRow]
    let paging: Paging
}

struct UserFormPage: Encodable {
    let isNew: Bool
    let action: String
    let username: String
    let form: UserForm
    let errors: [String: String]
    let roles: [SelectOption]
    let unitQuery: String
    let unitChoices: [SelectOption]
}

struct UserTokensPage: Encodable {
    let user: UserRow
    let tokens: [APITokenRow]
}

struct UserLockPage: Encodable {
    let user: UserRow
    let locking: Bool
}

struct PasswordPage: Encodable {
    let user: UserRow
    let errors: [String: String]
}
