import Fluent
import Vapor
import Domain

struct UserDTO: Content {
    let id: UUID?
    let username: String
    let fullName: String
    let email: String?
    let role: String
    let unitID: UUID
    let isActive: Bool

    init(_ u: User) {
        id = u.id
        username = u.username
        fullName = u.fullName
        email = u.email
        role = u.role
        unitID = u.$unit.id
        isActive = u.isActive
    }
}

struct UserInput: Sendable {
    var username: String
    var fullName: String
    var email: String?
    var role: Role
    var unitID: UUID
    var password: String
}

enum UserService {

    static func create(_ input: UserInput, actor: AuditActor, cost: Int, now: Date, on db: any Database) async throws -> User {
        let hash = try await AuthService.hash(input.password, cost: cost)
        return try await db.write { db in
            guard let unit = try await Unit.find(input.unitID, on: db) else { throw AppError.notFound("Không tìm thấy đơn vị.") }
            let user = User(username: input.username, passwordHash: hash, fullName: input.fullName, email: input.email,
                            role: input.role, unitID: input.unitID)
            try await user.create(on: db)
            try await AuditService.record(on: db, actor: actor, action: .create, entityType: "user", entityID: user.id,
                                          unitPath: unit.path, summary: "Tạo tài khoản \(user.username) (\(input.role.label)) thuộc \(unit.name)",
                                          before: UserDTO?.none, after: UserDTO(user), at: now)
            return user
        }
    }

    /// Sets a new password and ends every session and API token of the account: whoever held the old
    /// password, or a token made with it, is out. `summary` says who did it (a reset or the owner's change).
    static func setPassword(_ user: User, to password: String, summary: String, actor: AuditActor, cost: Int, now: Date,
                            on db: any Database) async throws {
        let hash = try await AuthService.hash(password, cost: cost)
        let userID = try user.requireID()
        try await db.write { db in
            user.passwordHash = hash
            try await user.save(on: db)
            try await SessionService.endAll(of: userID, on: db)
            try await APITokenService.revokeAll(of: userID, now: now, on: db)
            let unitPath = try await Unit.find(user.$unit.id, on: db)?.path
            // The hash itself never goes into the log.
            try await AuditService.record(on: db, actor: actor, action: .update, entityType: "user", entityID: user.id,
                                          unitPath: unitPath, summary: summary, at: now)
        }
    }

    /// Locking ends the account's sessions and revokes its tokens; unlocking revives none of them.
    static func setActive(_ user: User, _ active: Bool, actor: AuditActor, now: Date, on db: any Database) async throws {
        let userID = try user.requireID()
        try await db.write { db in
            let before = UserDTO(user)
            user.isActive = active
            try await user.save(on: db)
            if !active {
                try await SessionService.endAll(of: userID, on: db)
                try await APITokenService.revokeAll(of: userID, now: now, on: db)
            }
            let unitPath = try await Unit.find(user.$unit.id, on: db)?.path
            try await AuditService.record(on: db, actor: actor, action: .update, entityType: "user", entityID: user.id,
                                          unitPath: unitPath, summary: (active ? "Mở khóa" : "Khóa") + " tài khoản \(user.username)",
                                          before: before, after: UserDTO(user), at: now)
        }
    }

    static func validatePassword(_ password: String, username: String?, errors: inout FieldErrors, field: String = "password") {
        let problems = PasswordPolicy.problems(password, username: username)
        if !problems.isEmpty { errors.add(field, problems.joined(separator: " ")) }
    }
}

struct UserForm: Content {
    var username: String?
    var fullName: String?
    var email: String?
    var role: String?
    var unitID: String?
    var password: String?

    func validate() -> Result<UserInput, FieldErrorsBox> {
        var errors = FieldErrors()
        let username = (username ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        if username.isEmpty { errors.add("username", "Vui lòng nhập tên đăng nhập.") }
        else if username.count > 64 || !username.allSatisfy({ ($0.isASCII && ($0.isLetter || $0.isNumber)) || "._-".contains($0) }) {
            errors.add("username", "Tên đăng nhập chỉ gồm chữ không dấu, chữ số và . _ - (tối đa 64 ký tự).")
        }
        let fullName = (fullName ?? "").trimmingCharacters(in: .whitespaces)
        if fullName.isEmpty { errors.add("fullName", "Vui lòng nhập họ và tên.") }
        else if fullName.count > TextLimits.personName { errors.add("fullName", "Họ và tên tối đa \(TextLimits.personName) ký tự.") }
        let email = (email ?? "").trimmingCharacters(in: .whitespaces)
        if email.count > TextLimits.email { errors.add("email", "Địa chỉ thư điện tử tối đa \(TextLimits.email) ký tự.") }
        else if !email.isEmpty && !(email.contains("@") && email.contains(".") && !email.contains(" ")) {
            errors.add("email", "Địa chỉ thư điện tử không hợp lệ.")
        }
        let role = Role(rawValue: role ?? "")
        if role == nil { errors.add("role", "Vui lòng chọn vai trò.") }
        let unitID = UUID(uuidString: unitID ?? "")
        if unitID == nil { errors.add("unitID", "Vui lòng chọn đơn vị.") }
        let password = password ?? ""
        UserService.validatePassword(password, username: username, errors: &errors)
        guard errors.isEmpty, let role, let unitID else { return .failure(FieldErrorsBox(errors)) }
        return .success(UserInput(username: username, fullName: fullName, email: email.isEmpty ? nil : email, role: role,
                                  unitID: unitID, password: password))
    }
}

struct UsersPage: Encodable {
    let users: [UserRow]
}

struct UserFormPage: Encodable {
    let form: UserForm
    let errors: [String: String]
    let roles: [SelectOption]
    let units: [SelectOption]
}

struct UserTokensPage: Encodable {
    let user: UserRow
    let tokens: [APITokenRow]
}

struct PasswordPage: Encodable {
    let user: UserRow
    let errors: [String: String]
}

/// Account administration (administrators only).
struct UserController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let users = routes.grouped("users")
        users.get(use: index)
        users.get("new", use: newForm)
        users.post(use: create)
        users.get(":userID", "password", use: passwordForm)
        users.post(":userID", "password", use: resetPassword)
        users.post(":userID", "active", use: toggleActive)
        users.get(":userID", "tokens", use: tokens)
        users.post(":userID", "tokens", ":tokenID", "revoke", use: revokeToken)
    }

    @Sendable func tokens(req: Request) async throws -> Response {
        _ = try admin(req)
        let user = try await user(req)
        let rows = try await APITokenService.tokens(of: try user.requireID(), on: req.db).map { APITokenService.row($0, now: req.now) }
        return try await req.render("users/tokens", title: "Mã truy cập API của \(user.username)", section: "users",
                                    UserTokensPage(user: Self.row(user), tokens: rows))
    }

    @Sendable func revokeToken(req: Request) async throws -> Response {
        let viewer = try admin(req)
        let user = try await user(req)
        guard let id = req.parameters.get("tokenID", as: UUID.self),
              let token = try await APIToken.query(on: req.db).filter(\.$id == id).filter(\.$user.$id == user.requireID()).first() else {
            throw AppError.notFound("Không tìm thấy mã truy cập.")
        }
        try await APITokenService.revoke(token, actor: viewer.actor, now: req.now, on: req.db)
        req.flash("Đã thu hồi mã \"\(token.name)\" của \(user.username).")
        return req.redirect(to: "/users/\(try user.requireID())/tokens")
    }

    private func admin(_ req: Request) throws -> Viewer {
        let v = try req.requireViewer()
        guard v.isAdmin else { throw AppError.forbidden }
        return v
    }

    private func user(_ req: Request) async throws -> User {
        guard let id = req.parameters.get("userID", as: UUID.self),
              let user = try await User.query(on: req.db).filter(\.$id == id).with(\.$unit).first() else {
            throw AppError.notFound("Không tìm thấy tài khoản.")
        }
        return user
    }

    static func row(_ u: User) -> UserRow {
        UserRow(id: u.id?.uuidString ?? "", username: u.username, fullName: u.fullName, role: u.userRole.label,
                unitName: u.$unit.value?.name ?? "", active: u.isActive)
    }

    @Sendable func index(req: Request) async throws -> Response {
        _ = try admin(req)
        let users = try await User.query(on: req.db).with(\.$unit).sort(\.$username).all()
        return try await req.render("users/index", title: "Tài khoản", section: "users", UsersPage(users: users.map(Self.row)))
    }

    private func renderForm(_ req: Request, form: UserForm, errors: FieldErrors, status: HTTPResponseStatus = .ok) async throws -> Response {
        let nodes = try await UnitService.tree(on: req.db)
        let page = UserFormPage(
            form: UserForm(username: form.username, fullName: form.fullName, email: form.email, role: form.role, unitID: form.unitID, password: nil),
            errors: errors.all,
            roles: Role.allCases.map { SelectOption(value: $0.rawValue, label: $0.label, selected: $0.rawValue == form.role) },
            units: nodes.map { n in SelectOption(value: n.unit.id?.uuidString ?? "", label: String(repeating: "· ", count: n.depth) + n.unit.name,
                                           selected: n.unit.id?.uuidString == form.unitID) })
        return try await req.render("users/form", title: "Tạo tài khoản", section: "users", page, status: status)
    }

    @Sendable func newForm(req: Request) async throws -> Response {
        _ = try admin(req)
        return try await renderForm(req, form: UserForm(unitID: try? req.query.get(String.self, at: "unit")), errors: FieldErrors())
    }

    @Sendable func create(req: Request) async throws -> Response {
        let viewer = try admin(req)
        let form = try req.content.decode(UserForm.self)
        switch form.validate() {
        case .failure(let box):
            return try await renderForm(req, form: form, errors: box.errors, status: .unprocessableEntity)
        case .success(let input):
            var errors = FieldErrors()
            if try await User.query(on: req.db).filter(\.$username == input.username).count() > 0 {
                errors.add("username", "Tên đăng nhập \"\(input.username)\" đã có người dùng.")
            }
            if try await Unit.find(input.unitID, on: req.db) == nil { errors.add("unitID", "Không tìm thấy đơn vị.") }
            guard errors.isEmpty else { return try await renderForm(req, form: form, errors: errors, status: .unprocessableEntity) }
            let user = try await UserService.create(input, actor: viewer.actor, cost: req.config.bcryptCost, now: req.now, on: req.db)
            req.flash("Đã tạo tài khoản \(user.username).")
            return req.redirect(to: "/users")
        }
    }

    @Sendable func passwordForm(req: Request) async throws -> Response {
        _ = try admin(req)
        let user = try await user(req)
        return try await req.render("users/password", title: "Đặt lại mật khẩu", section: "users",
                                    PasswordPage(user: Self.row(user), errors: [:]))
    }

    struct PasswordForm: Content {
        var password: String?
    }

    @Sendable func resetPassword(req: Request) async throws -> Response {
        let viewer = try admin(req)
        let user = try await user(req)
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
        return req.redirect(to: "/users")
    }

    @Sendable func toggleActive(req: Request) async throws -> Response {
        let viewer = try admin(req)
        let user = try await user(req)
        guard user.id != viewer.user.id else { throw AppError(.unprocessableEntity, "Bạn không thể tự khóa tài khoản của mình.") }
        try await UserService.setActive(user, !user.isActive, actor: viewer.actor, now: req.now, on: req.db)
        req.flash((user.isActive ? "Đã mở khóa" : "Đã khóa") + " tài khoản \(user.username).")
        return req.redirect(to: "/users")
    }
}
