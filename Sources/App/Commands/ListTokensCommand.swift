import Fluent
import Vapor

/// `cchc tokens USERNAME`: lists an account's API tokens.
struct ListTokensCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "username", help: "Tên đăng nhập") var username: String
    }

    var help: String { "Liệt kê mã truy cập API của một tài khoản." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        guard let user = try await User.query(on: app.db).filter(\.$username == signature.username.lowercased()).first() else {
            throw CommandFailure("Không tìm thấy tài khoản \(signature.username).")
        }
        let now = app.clock.now()
        let tokens = try await APITokenService.tokens(of: try user.requireID(), on: app.db)
        if tokens.isEmpty { context.console.print("Tài khoản \(user.username) chưa có mã truy cập API.") }
        for t in tokens {
            let row = APITokenService.row(t, now: now)
            context.console.print("\(row.id)  \(row.name)  tạo \(row.createdAt)  hết hạn \(row.expiresAt)  dùng \(row.lastUsedAt)  \(row.status)")
        }
    }
}
