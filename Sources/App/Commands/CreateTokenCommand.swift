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
            throw CommandFailure("Không tìm thấy tài khoản \(signature.username).")
        }
        let days = signature.days ?? app.config.tokenDefaultDays
        guard (1...app.config.tokenMaxDays).contains(days) else {
            throw CommandFailure("Số ngày hiệu lực phải từ 1 đến \(app.config.tokenMaxDays).")
        }
        let token = try await APITokenService.create(on: app.db, user: user, name: signature.name ?? "cli", days: days, actor: .system,
                                                     now: app.clock.now())
        context.console.print(token)
    }
}
