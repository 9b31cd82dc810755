import Fluent
import Vapor

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
                throw CommandFailure("Không tìm thấy tài khoản \(signature.target).")
            }
            let userID = try user.requireID()
            try await app.db.audited(by: .system, at: now) { db, audit in
                try await APITokenService.revokeAll(of: userID, now: now, on: db)
                try await audit.record(.revoke, .apiToken, id: nil, unit: user.$unit.id,
                                       summary: "Thu hồi mọi mã truy cập API của \(user.username) (dòng lệnh)")
            }
            context.console.print("Đã thu hồi mọi mã truy cập API của \(user.username).")
            return
        }
        guard let id = UUID(uuidString: signature.target), let token = try await APIToken.find(id, on: app.db) else {
            throw CommandFailure("Không tìm thấy mã truy cập \(signature.target).")
        }
        try await APITokenService.revoke(token, actor: .system, now: now, on: app.db)
        context.console.print("Đã thu hồi mã \"\(token.name)\".")
    }
}
