import Fluent
import Vapor
import Domain

struct LoginPage: Encodable {
    let username: String
    let next: String
    let error: String?
    let notice: String?
}
