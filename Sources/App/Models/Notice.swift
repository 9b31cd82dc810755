import Fluent
import Vapor

/// A message for one account, shown on its dashboard until read ("5 lần đăng nhập sai vào tài khoản …").
final class Notice: Model, @unchecked Sendable {
    static let schema = "notices"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "text") var text: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "read_at") var readAt: Date?

    init() {}

    init(userID: UUID, text: String, at: Date) {
        self.$user.id = userID
        self.text = text
        self.createdAt = at
    }
}
