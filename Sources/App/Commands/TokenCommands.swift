import Fluent
import Vapor

/// `cchc create-token USERNAME --name N [--days D]`: prints a new API token (shown once).
struct CreateTokenCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "username", help: "Tên đăng nhập") var username: String
        @Option(name: "name", help: "Tên gợi nhớ của mã") var name: String?
        @Option(name: "days", help: "Số ngày hiệu lực (mặc định 90)") var days: Int?
    }

    var help: String { "Tạo mã truy cập API cho một tài khoản và in ra." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        guard let user = try await User.query(on: app.db).filter(\.$username == signature.username.lowercased()).first() else {
            throw CommandError("Không tìm thấy tài khoản \(signature.username).")
        }
        let days = signature.days ?? app.config.tokenDefaultDays
        guard (1...app.config.tokenMaxDays).contains(days) else {
            throw CommandError("Số ngày hiệu lực phải từ 1 đến \(app.config.tokenMaxDays).")
        }
        let token = try await APITokenService.create(on: app.db, user: user, name: signature.name ?? "cli", days: days, actor: .system,
                                                     now: app.clock.now())
        context.console.print(token)
    }
}

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
            throw CommandError("Không tìm thấy tài khoản \(signature.username).")
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

/// `cchc revoke-token TOKEN_ID` (or `--all USERNAME`): revokes API tokens.
struct RevokeTokenCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "target", help: "Mã số của mã truy cập (xem cchc tokens), hoặc tên đăng nhập khi dùng --all") var target: String
        @Flag(name: "all", help: "Thu hồi mọi mã của tài khoản") var all: Bool
    }

    var help: String { "Thu hồi mã truy cập API." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        let now = app.clock.now()
        if signature.all {
            guard let user = try await User.query(on: app.db).filter(\.$username == signature.target.lowercased()).first() else {
                throw CommandError("Không tìm thấy tài khoản \(signature.target).")
            }
            try await APITokenService.revokeAll(of: try user.requireID(), now: now, on: app.db)
            try await AuditService.record(on: app.db, actor: .system, action: .revoke, entityType: "api_token", entityID: nil,
                                          unitID: user.$unit.id, summary: "Thu hồi mọi mã truy cập API của \(user.username) (dòng lệnh)", at: now)
            context.console.print("Đã thu hồi mọi mã truy cập API của \(user.username).")
            return
        }
        guard let id = UUID(uuidString: signature.target), let token = try await APIToken.find(id, on: app.db) else {
            throw CommandError("Không tìm thấy mã truy cập \(signature.target).")
        }
        try await APITokenService.revoke(token, actor: .system, now: now, on: app.db)
        context.console.print("Đã thu hồi mã \"\(token.name)\".")
    }
}
