import Fluent
import Vapor

/// `cchc import-units FILE.csv [--as USERNAME]`: the registry import of the CSV page, from the command line,
/// with the same checks and messages; all or nothing. `--as` applies that account's scope and names it in the log.
struct ImportUnitsCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "Tệp CSV (UTF-8)") var file: String
        @Option(name: "as", help: "Nhập với quyền của tài khoản này (mặc định: quản trị hệ thống)") var account: String?
    }

    var help: String { "Nhập danh mục đơn vị từ tệp CSV (như trang Nhập từ tệp CSV)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        guard let data = FileManager.default.contents(atPath: signature.file) else {
            throw CommandFailure("Không đọc được tệp \(signature.file).")
        }
        guard data.count <= app.config.maxUploadBytes else {
            throw CommandFailure("Tệp lớn hơn giới hạn \(app.config.maxUploadBytes / 1024 / 1024) MB.")
        }
        guard let text = String(data: data, encoding: .utf8), !text.contains("\u{0}") else {
            throw CommandFailure("Tệp không phải văn bản UTF-8. Hãy lưu lại tệp dưới dạng \"CSV UTF-8\".")
        }
        var actor = AuditActor.system
        var scope: Unit?
        if let username = signature.account {
            guard let user = try await User.query(on: app.db).filter(\.$username == username.lowercased()).with(\.$unit).first(),
                  user.isActive else {
                throw CommandFailure("Không tìm thấy tài khoản đang hoạt động \(username).")
            }
            let viewer = Viewer(user: user, unit: user.unit)
            guard viewer.managesRegistry else { throw CommandFailure("Tài khoản \(username) không có quyền quản lý danh mục đơn vị.") }
            actor = viewer.actor
            scope = viewer.isAdmin ? nil : user.unit
        }
        let result = try await UnitImportService.importCSV(text, actor: actor, scope: scope, now: app.clock.now(), on: app.db)
        guard result.errors.isEmpty else {
            for error in result.errors { context.console.error(error.description) }
            throw CommandFailure("Tệp có lỗi, chưa có dòng nào được nhập.")
        }
        context.console.print("Đã nhập xong: \(result.created) đơn vị mới, \(result.updated) đơn vị cập nhật.")
    }
}
