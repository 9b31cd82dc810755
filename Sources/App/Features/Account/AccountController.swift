import Fluent
import Vapor
import Domain

/// The signed-in account's own page: change the password, make and revoke API tokens.
struct AccountController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.account, use: show)
        routes.on(.accountPassword, use: changePassword)
        routes.on(.accountTokenCreate, use: createToken)
        routes.on(.accountTokenRevoke, use: revokeToken)
        routes.on(.accountNoticesRead, use: markNoticesRead)
    }

    private func page(_ req: Request, viewer: Viewer, passwordErrors: FieldErrors = FieldErrors(), tokenErrors: FieldErrors = FieldErrors(),
                      tokenName: String = "", tokenDays: String = "", newToken: String? = nil,
                      status: HTTPResponseStatus = .ok) async throws -> Response {
        let tokens = try await APITokenService.tokens(of: try viewer.user.requireID(), on: req.db)
        let page = AccountPage(username: viewer.user.username, fullName: viewer.user.fullName, role: viewer.role.label,
                               unitName: viewer.unit.name, passwordErrors: passwordErrors.all, tokenErrors: tokenErrors.all,
                               tokenName: tokenName, tokenDays: tokenDays, defaultDays: req.config.tokenDefaultDays,
                               maxDays: req.config.tokenMaxDays, tokens: tokens.map { APITokenService.row($0, now: req.now) },
                               newToken: newToken)
        return try await req.render("account/index", title: "Tài khoản của tôi", section: "account", page, status: status)
    }

    @Sendable func show(req: Request, viewer: Viewer) async throws -> Response {
        try await page(req, viewer: viewer)
    }

    struct PasswordChange: Content {
        var current: String?
        var password: String?
        var confirm: String?
    }

    @Sendable func changePassword(req: Request, viewer: Viewer) async throws -> Response {
        let form = try req.content.decode(PasswordChange.self)
        var errors = FieldErrors()
        let current = form.current ?? ""
        let checkable = PasswordPolicy.isCheckable(current)
        let verified = try await AuthService.verify(checkable ? current : "", hash: viewer.user.passwordHash)
        let matches = checkable && verified
        if !matches { errors.add("current", "Mật khẩu hiện tại không đúng.") }
        let password = form.password ?? ""
        UserService.validatePassword(password, username: viewer.user.username, errors: &errors)
        if password != (form.confirm ?? "") { errors.add("confirm", "Hai lần nhập mật khẩu mới không giống nhau.") }
        guard errors.isEmpty else {
            return try await page(req, viewer: viewer, passwordErrors: errors, status: .unprocessableEntity)
        }
        try await UserService.setPassword(viewer.user, to: password,
                                          summary: "\(viewer.user.username) đổi mật khẩu; các phiên đăng nhập khác và mã API bị hủy",
                                          actor: viewer.actor, cost: req.config.bcryptCost, now: req.now, on: req.db)
        try await req.startSession(for: viewer.user, address: req.clientAddress)
        req.flash("Đã đổi mật khẩu. Các phiên đăng nhập khác và mọi mã truy cập API của bạn đã bị hủy.")
        return req.redirect(to: .account)
    }

    struct TokenForm: Content {
        var name: String?
        var days: String?
    }

    @Sendable func createToken(req: Request, viewer: Viewer) async throws -> Response {
        let form = try req.content.decode(TokenForm.self)
        let name = VietnameseText.clean(form.name ?? "")
        var errors = FieldErrors()
        if name.isEmpty { errors.add("name", "Vui lòng đặt tên cho mã (ví dụ: \"Phần mềm một cửa\").") }
        else if name.count > TextLimits.tokenName { errors.add("name", "Tên mã tối đa \(TextLimits.tokenName) ký tự.") }
        let daysText = (form.days ?? "").trimmingCharacters(in: .whitespaces)
        let days = daysText.isEmpty ? req.config.tokenDefaultDays : Int(daysText)
        if days == nil || !(1...req.config.tokenMaxDays).contains(days ?? 0) {
            errors.add("days", "Số ngày hiệu lực phải từ 1 đến \(req.config.tokenMaxDays).")
        }
        guard errors.isEmpty, let days else {
            return try await page(req, viewer: viewer, tokenErrors: errors, tokenName: name, tokenDays: daysText, status: .unprocessableEntity)
        }
        let token = try await APITokenService.create(on: req.db, user: viewer.user, name: name, days: days, actor: viewer.actor, now: req.now)
        return try await page(req, viewer: viewer, newToken: token)
    }

    @Sendable func revokeToken(req: Request, viewer: Viewer) async throws -> Response {
        guard let id = req.parameters.get("tokenID", as: UUID.self),
              let token = try await APIToken.query(on: req.db).filter(\.$id == id).filter(\.$user.$id == viewer.user.requireID()).first() else {
            throw AppError.notFound("Không tìm thấy mã truy cập.")
        }
        try await APITokenService.revoke(token, actor: viewer.actor, now: req.now, on: req.db)
        req.flash("Đã thu hồi mã \"\(token.name)\".")
        return req.redirect(to: .account)
    }

    @Sendable func markNoticesRead(req: Request, viewer: Viewer) async throws -> Response {
        try await NoticeService.markAllRead(for: try viewer.user.requireID(), now: req.now, on: req.db)
        return req.redirect(to: .home)
    }
}
