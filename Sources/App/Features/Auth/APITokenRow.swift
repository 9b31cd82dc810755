import Fluent
import Vapor

struct APITokenRow: Encodable {
    let id: String
    let name: String
    let username: String
    let createdAt: String
    let expiresAt: String
    let lastUsedAt: String
    let status: String
    let active: Bool
}
