import Fluent
import Vapor
import Domain

struct AccountPage: Encodable {
    let username: String
    let fullName: String
    let role: String
    let unitName: String
    let passwordErrors: [String: String]
    let tokenErrors: [String: String]
    let tokenName: String
    let tokenDays: String
    let defaultDays: Int
    let maxDays: Int
    let tokens: [APITokenRow]
    let newToken: String?
}
