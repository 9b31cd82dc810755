import Vapor

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
