import Fluent
import Vapor

/// `cchc create-user --username U --password P --role admin|plan_owner|reporter|leader --unit CODE [--full-name N]`
struct CreateUserCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "username", help: "Tên đăng nhập") var username: String?
        @Option(name: "password", help: "Mật khẩu (ít nhất 10 ký tự)") var password: String?
        @Option(name: "role", help: "admin | plan_owner | reporter | leader") var role: String?
        @Option(name: "unit", help: "Mã đơn vị") var unit: String?
        @Option(name: "full-name", help: "Họ và tên") var fullName: String?
    }

    var help: String { "Tạo tài khoản." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        let username = signature.username ?? context.console.ask("Tên đăng nhập:")
        let password = signature.password ?? context.console.ask("Mật khẩu:", isSecure: true)
        let role = signature.role ?? "reporter"
        guard let unitCode = signature.unit ?? Optional(context.console.ask("Mã đơn vị:")),
              let unit = try await Unit.query(on: app.db).filter(\.$code == unitCode).first() else {
            throw CommandFailure("Không tìm thấy đơn vị với mã đã nhập.")
        }
        let form = UserForm(username: username, fullName: signature.fullName ?? username, email: nil, role: role,
                            unitID: unit.id?.uuidString, password: password)
        switch form.validate() {
        case .failure(let box):
            throw CommandFailure(box.errors.all.values.sorted().joined(separator: " "))
        case .success(let input):
            if try await User.query(on: app.db).filter(\.$username == input.username).count() > 0 {
                throw CommandFailure("Tên đăng nhập \(input.username) đã có người dùng.")
            }
            let user = try await UserService.create(input, actor: .system, cost: app.config.bcryptCost, now: app.clock.now(), on: app.db)
            context.console.print("Đã tạo tài khoản \(user.username) thuộc \(unit.name).")
        }
    }
}
