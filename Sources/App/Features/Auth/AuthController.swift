import Fluent
import Vapor

struct LoginPage: Encodable {
    let username: String
    let next: String
    let error: String?
}

struct AuthController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("login", use: form)
        routes.post("login", use: login)
        routes.post("logout", use: logout)
    }

    struct LoginForm: Content {
        var username: String?
        var password: String?
        var next: String?
    }

    /// Only local paths, so the login page cannot be used to send people elsewhere.
    static func safeNext(_ next: String?) -> String {
        guard let n = next, n.hasPrefix("/"), !n.hasPrefix("//"), !n.contains("\\") else { return "/" }
        return n
    }

    @Sendable func form(req: Request) async throws -> Response {
        if req.viewer != nil { return req.redirect(to: "/") }
        let next = Self.safeNext(try? req.query.get(String.self, at: "next"))
        return try await req.render("auth/login", title: "Đăng nhập", LoginPage(username: "", next: next, error: nil))
    }

    @Sendable func login(req: Request) async throws -> Response {
        let form = try req.content.decode(LoginForm.self)
        let username = (form.username ?? "").trimmingCharacters(in: .whitespaces)
        let next = Self.safeNext(form.next)
        guard !username.isEmpty, let password = form.password, !password.isEmpty else {
            return try await req.render("auth/login", title: "Đăng nhập",
                                        LoginPage(username: username, next: next, error: "Vui lòng nhập tên đăng nhập và mật khẩu."),
                                        status: .unprocessableEntity)
        }
        let address = req.remoteAddress?.ipAddress ?? "unknown"
        do {
            let user = try await AuthService.login(on: req.db, username: username, password: password, address: address,
                                                   config: req.config, now: req.now)
            req.auth.login(user)
            req.session.data[CSRFMiddleware.sessionKey] = CSRFMiddleware.newToken()
            let unitPath = try await Unit.find(user.$unit.id, on: req.db)?.path
            try await AuditService.record(on: req.db, actor: AuditActor(id: user.id, name: user.username), action: .login,
                                          entityType: "user", entityID: user.id, unitPath: unitPath,
                                          summary: "Đăng nhập từ \(address)", at: req.now)
            return req.redirect(to: next)
        } catch AuthService.Failure.rateLimited {
            return try await req.render("auth/login", title: "Đăng nhập",
                                        LoginPage(username: username, next: next, error: AuthService.rateLimitedMessage),
                                        status: .tooManyRequests)
        } catch AuthService.Failure.invalid {
            return try await req.render("auth/login", title: "Đăng nhập",
                                        LoginPage(username: username, next: next, error: AuthService.invalidMessage),
                                        status: .unauthorized)
        }
    }

    @Sendable func logout(req: Request) async throws -> Response {
        if let viewer = req.viewer {
            try await AuditService.record(on: req.db, actor: viewer.actor, action: .logout, entityType: "user",
                                          entityID: viewer.user.id, unitPath: viewer.unit.path, summary: "Đăng xuất", at: req.now)
        }
        req.auth.logout(User.self)
        req.session.destroy()
        return req.redirect(to: "/login")
    }
}
