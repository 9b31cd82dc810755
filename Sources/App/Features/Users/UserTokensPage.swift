import Vapor

struct UserTokensPage: Encodable {
    let user: UserRow
    let tokens: [APITokenRow]
}
