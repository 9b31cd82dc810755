import Fluent
import Vapor
import Domain

struct AuthController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.login, use: form)
        routes.on(.loginSubmit, use: login)
        routes.on(.logout, use: logout)
    }

    struct LoginForm: Content {
        var username: String?
        var password: String?
        var next: String?
    }

    static func safeNext(_ next: String?) -> String {
        SafeRedirect.localPath(next) ?? SiteRoute.home.path()
    }

    @Sendable func form(req: Request) async throws -> Response {
        if req.viewer != nil { return req.redirect(to: .home) }
        let next = Self.safeNext(try? req.query.get(String.self, at: "next"))
        let expired = (try? req.query.get(String.self, at: "expired")) == "1" || req.sessionExpired
        return try await req.render("auth/login", title: "Đăng nhập",
                                    LoginPage(username: "", next: next, error: nil,
                                              notice: expired ? "Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại." : nil))
    }

    @Sendable func login(req: Request) async throws -> Response {
        let form = try req.content.decode(LoginForm.self)
        let username = String((form.username ?? "").trimmingCharacters(in: .whitespaces).prefix(64))
        let next = Self.safeNext(form.next)
        func again(_ message: String, _ status: HTTPResponseStatus) async throws -> Response {
            try await req.render("auth/login", title: "Đăng nhập", LoginPage(username: username, next: next, error: message, notice: nil),
                                 status: status)
        }
        guard !username.isEmpty, let password = form.password, !password.isEmpty else {
            return try await again("Vui lòng nhập tên đăng nhập và mật khẩu.", .unprocessableEntity)
        }
        let address = req.clientAddress
        do {
            let user = try await AuthService.login(on: req.db, username: username, password: password, address: address,
                                                   config: req.config, dummyHash: req.application.dummyPasswordHash, now: req.now)
            try await req.startSession(for: user, address: address)
            try await req.db.audited(by: AuditActor(id: user.id, name: user.username), at: req.now) { _, audit in
                try await audit.record(.login, .user, id: user.id, unit: user.$unit.id, summary: "Đăng nhập từ \(address)")
            }
            return req.redirect(to: next)
        } catch AuthService.Failure.rateLimited(let until) {
            let response = try await again(AuthService.rateLimitedMessage(until: until, now: req.now), .tooManyRequests)
            response.headers.replaceOrAdd(name: .retryAfter, value: String(max(1, Int(until.timeIntervalSince(req.now).rounded(.up)))))
            return response
        } catch AuthService.Failure.locked {
            return try await again(AuthService.lockedMessage, .forbidden)
        } catch AuthService.Failure.invalid {
            return try await again(AuthService.invalidMessage, .unauthorized)
        }
    }

    @Sendable func logout(req: Request) async throws -> Response {
        if let viewer = req.viewer {
            try await req.db.audited(by: viewer.actor, at: req.now) { _, audit in
                try await audit.record(.logout, .user, id: viewer.user.id, unit: viewer.unit.id, summary: "Đăng xuất")
            }
        }
        try await req.endSession()
        return req.redirect(to: .login)
    }
}

extension Request {
    /// The client's address: the socket's peer, or what a trusted proxy reports (`TRUSTED_PROXIES`).
    /// Not Vapor's `peerAddress`, which believes any `X-Forwarded-For` a client sends.
    var clientAddress: String {
        config.clientAddresses.client(peer: remoteAddress?.ipAddress, forwardedFor: headers[.xForwardedFor])
    }
}
