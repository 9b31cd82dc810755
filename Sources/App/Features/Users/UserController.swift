import Fluent
import Vapor
import Domain

/// Account administration: administrators for every account, plan owners for the accounts of their
/// own subtree (never an administrator's, never above it).
struct UserController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.users, require: \.managesRegistry, use: index)
        routes.on(.userNew, require: \.managesRegistry, use: newForm)
        routes.on(.userCreate, require: \.managesRegistry, use: create)
        routes.on(.userEdit, load: User.self, need: .manageAccount, use: editForm)
        routes.on(.userUpdate, load: User.self, need: .manageAccount, use: update)
        routes.on(.userPassword, load: User.self, need: .manageAccount, use: passwordForm)
        routes.on(.userPasswordSubmit, load: User.self, need: .manageAccount, use: resetPassword)
        routes.on(.userActive, load: User.self, need: .manageAccount, use: lockForm)
        routes.on(.userActiveSubmit, load: User.self, need: .manageAccount, use: toggleActive)
        routes.on(.userTokens, load: User.self, need: .manageAccount, use: tokens)
        routes.on(.userTokenRevoke, load: User.self, need: .manageAccount, use: revokeToken)
    }

    static func row(_ u: User) -> UserRow {
        UserRow(id: u.id?.uuidString ?? "", username: u.username, fullName: u.fullName, role: u.role.label,
                unitName: u.$unit.value?.name ?? "", active: u.isActive)
    }

    @Sendable func index(req: Request, viewer: Viewer) async throws -> Response {
        let total = try await User.query(on: req.db).visible(to: viewer).count()
        let paging = Paging(page: req.pageNumber, total: total, noun: "tài khoản", link: { req.link(page: $0) })
        let users = try await User.query(on: req.db).visible(to: viewer).with(\.$unit).sort(\.$username)
            .range(paging.offset..<(paging.offset + paging.perPage)).all()
        return try await req.render("users/index", title: "Tài khoản", section: "users", UsersPage(users: users.map(Self.row), paging: paging))
    }

    private func renderForm(_ req: Request, viewer: Viewer, user: User?, form: UserForm, errors: FieldErrors,
                            choices: [Unit] = [], status: HTTPResponseStatus = .ok) async throws -> Response {
        let id = user?.id?.uuidString ?? ""
        let page = UserFormPage(
            isNew: user == nil, action: user == nil ? SiteRoute.userCreate.path() : SiteRoute.userUpdate.path(id), username: user?.username ?? "",
            form: UserForm(username: form.username, fullName: form.fullName, email: form.email, role: form.role, unitID: nil,
                           unitQuery: form.unitQuery, password: nil),
            errors: errors.all,
            roles: viewer.assignableRoles.map { SelectOption(value: $0.rawValue, label: $0.label, selected: $0.rawValue == form.role) },
            unitQuery: form.unitQuery ?? "", unitChoices: UnitPicker.choices(choices))
        return try await req.render("users/form", title: user == nil ? "Tạo tài khoản" : "Sửa tài khoản", section: "users", page, status: status)
    }

    /// Role and unit checks shared by create and edit: the viewer may give this role and manage this unit.
    private func checkRights(_ req: Request, viewer: Viewer, role: Role, unitID: UUID, errors: inout FieldErrors) async throws {
        if !viewer.assignableRoles.contains(role) { errors.add("role", "Bạn không được cấp vai trò \(role.label).") }
        if let unit = try await Unit.find(unitID, on: req.db) {
            if !viewer.may(.manage, unit) { errors.add("unitID", "Bạn chỉ được chọn đơn vị thuộc phạm vi \(viewer.unit.name).") }
        } else {
            errors.add("unitID", "Không tìm thấy đơn vị.")
        }
    }

    @Sendable func newForm(req: Request, viewer: Viewer) async throws -> Response {
        var unit = viewer.unit
        if let text = try? req.query.get(String.self, at: "unit"), let id = UUID(uuidString: text), let found = try await Unit.find(id, on: req.db) {
            unit = found
        }
        return try await renderForm(req, viewer: viewer, user: nil, form: UserForm(unitQuery: unit.code), errors: FieldErrors())
    }

    /// Turns the typed unit into an id, or the form to show again (choices, or "not found").
    private func pickUnit(_ req: Request, viewer: Viewer, user: User?, form: UserForm) async throws -> Result<UserForm, ResponseBox> {
        let outcome = try await UnitPicker.resolve(id: form.unitID, query: form.unitQuery, allowed: { viewer.may(.manage, $0) }, date: req.application.clock.today(), on: req.db)
        let decision = UnitPicker.decide(outcome, typed: form.unitQuery, what: "đơn vị của tài khoản", required: true)
        var form = form
        guard let message = decision.error else {
            form.unitID = decision.id
            return .success(form)
        }
        var errors = FieldErrors()
        errors.add("unitID", message)
        return .failure(ResponseBox(try await renderForm(req, viewer: viewer, user: user, form: form, errors: errors,
                                                         choices: decision.choices, status: .unprocessableEntity)))
    }

    @Sendable func create(req: Request, viewer: Viewer) async throws -> Response {
        let form: UserForm
        switch try await pickUnit(req, viewer: viewer, user: nil, form: try req.content.decode(UserForm.self)) {
        case .failure(let page): return page.response
        case .success(let picked): form = picked
        }
        switch form.validate() {
        case .failure(let box):
            return try await renderForm(req, viewer: viewer, user: nil, form: form, errors: box.errors, status: .unprocessableEntity)
        case .success(let input):
            var errors = FieldErrors()
            if try await User.query(on: req.db).filter(\.$username == input.username).count() > 0 {
                errors.add("username", "Tên đăng nhập \"\(input.username)\" đã có người dùng.")
            }
            try await checkRights(req, viewer: viewer, role: input.role, unitID: input.unitID, errors: &errors)
            guard errors.isEmpty else {
                return try await renderForm(req, viewer: viewer, user: nil, form: form, errors: errors, status: .unprocessableEntity)
            }
            let user = try await UserService.create(input, actor: viewer.actor, cost: req.config.bcryptCost, now: req.now, on: req.db)
            req.flash("Đã tạo tài khoản \(user.username).")
            return req.redirect(to: .users)
        }
    }

    @Sendable func editForm(req: Request, viewer: Viewer, user: User) async throws -> Response {
        let form = UserForm(username: user.username, fullName: user.fullName, email: user.email, role: user.role.rawValue,
                            unitQuery: user.unit.code, password: nil)
        return try await renderForm(req, viewer: viewer, user: user, form: form, errors: FieldErrors())
    }

    @Sendable func update(req: Request, viewer: Viewer, user: User) async throws -> Response {
        let form: UserForm
        switch try await pickUnit(req, viewer: viewer, user: user, form: try req.content.decode(UserForm.self)) {
        case .failure(let page): return page.response
        case .success(let picked): form = picked
        }
        var errors = FieldErrors()
        let input = form.validateAccount(errors: &errors)
        if let input {
            try await checkRights(req, viewer: viewer, role: input.role, unitID: input.unitID, errors: &errors)
            if user.id == viewer.user.id, input.role != viewer.role || input.unitID != viewer.unit.id {
                errors.add("role", "Bạn không thể tự đổi vai trò hoặc đơn vị của mình; hãy nhờ người quản lý cấp trên.")
            }
        }
        guard errors.isEmpty, let input else {
            return try await renderForm(req, viewer: viewer, user: user, form: form, errors: errors, status: .unprocessableEntity)
        }
        try await UserService.update(user, with: input, actor: viewer.actor, now: req.now, on: req.db)
        req.flash("Đã lưu tài khoản \(user.username).")
        return req.redirect(to: .users)
    }

    @Sendable func passwordForm(req: Request, viewer: Viewer, user: User) async throws -> Response {
        return try await req.render("users/password", title: "Đặt lại mật khẩu", section: "users",
                                    PasswordPage(user: Self.row(user), errors: [:]))
    }

    struct PasswordForm: Content {
        var password: String?
    }

    @Sendable func resetPassword(req: Request, viewer: Viewer, user: User) async throws -> Response {
        let password = try req.content.decode(PasswordForm.self).password ?? ""
        var errors = FieldErrors()
        UserService.validatePassword(password, username: user.username, errors: &errors)
        guard errors.isEmpty else {
            return try await req.render("users/password", title: "Đặt lại mật khẩu", section: "users",
                                        PasswordPage(user: Self.row(user), errors: errors.all), status: .unprocessableEntity)
        }
        try await UserService.setPassword(user, to: password, summary: "Đặt lại mật khẩu cho \(user.username); mọi phiên đăng nhập và mã API của tài khoản bị hủy",
                                          actor: viewer.actor, cost: req.config.bcryptCost, now: req.now, on: req.db)
        if user.id == viewer.user.id {
            try await req.startSession(for: user, address: req.clientAddress)
        }
        req.flash("Đã đặt lại mật khẩu cho \(user.username); các phiên đăng nhập và mã truy cập API cũ của tài khoản không còn dùng được.")
        return req.redirect(to: .users)
    }

    /// The confirmation step before locking or unlocking.
    @Sendable func lockForm(req: Request, viewer: Viewer, user: User) async throws -> Response {
        guard user.id != viewer.user.id else { return try await ownLock(req) }
        return try await req.render("users/lock", title: user.isActive ? "Khóa tài khoản" : "Mở khóa tài khoản", section: "users",
                                    UserLockPage(user: Self.row(user), locking: user.isActive))
    }

    private func ownLock(_ req: Request) async throws -> Response {
        req.flash("Bạn không thể tự khóa tài khoản của mình. Nếu cần, hãy nhờ một người quản lý khác.")
        return req.redirect(to: .users)
    }

    @Sendable func toggleActive(req: Request, viewer: Viewer, user: User) async throws -> Response {
        guard user.id != viewer.user.id else { return try await ownLock(req) }
        try await UserService.setActive(user, !user.isActive, actor: viewer.actor, now: req.now, on: req.db)
        req.flash((user.isActive ? "Đã mở khóa" : "Đã khóa") + " tài khoản \(user.username)."
                  + (user.isActive ? " Các mã truy cập API cũ vẫn bị thu hồi; hãy tạo mã mới nếu cần." : " Mọi phiên đăng nhập và mã API của tài khoản đã bị hủy."))
        return req.redirect(to: .users)
    }

    @Sendable func tokens(req: Request, viewer: Viewer, user: User) async throws -> Response {
        let rows = try await APITokenService.tokens(of: try user.requireID(), on: req.db).map { APITokenService.row($0, now: req.now) }
        return try await req.render("users/tokens", title: "Mã truy cập API của \(user.username)", section: "users",
                                    UserTokensPage(user: Self.row(user), tokens: rows))
    }

    @Sendable func revokeToken(req: Request, viewer: Viewer, user: User) async throws -> Response {
        guard let id = req.parameters.get("tokenID", as: UUID.self),
              let token = try await APIToken.query(on: req.db).filter(\.$id == id).filter(\.$user.$id == user.requireID()).first() else {
            throw AppError.notFound("Không tìm thấy mã truy cập.")
        }
        try await APITokenService.revoke(token, actor: viewer.actor, now: req.now, on: req.db)
        req.flash("Đã thu hồi mã \"\(token.name)\" của \(user.username).")
        return req.redirect(to: .userTokens, try user.requireID())
    }
}
