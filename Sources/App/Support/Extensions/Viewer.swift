import Vapor
import Fluent

/// The signed-in account with its unit, loaded once per request. Every authorization decision goes through it.
struct Viewer: Sendable {
    let user: User
    let unit: Unit

    var id: UUID? { user.id }
    var role: Role { user.userRole }
    var isAdmin: Bool { role == .admin }

    /// Administrators see everything; plan owners and leaders their unit's subtree; reporters their own unit.
    func canSee(_ target: Unit) -> Bool {
        switch role {
        case .admin: return true
        case .planOwner, .leader: return target.path.hasPrefix(unit.path)
        case .reporter: return target.id == unit.id
        }
    }

    /// Who may change a unit's own records (contact details …): not leaders, who read and approve.
    func canEditRecords(of target: Unit) -> Bool {
        role != .leader && canSee(target)
    }

    /// Path prefix limiting what this viewer reads, nil for administrators.
    var scopePath: String? { isAdmin ? nil : unit.path }

    var actor: AuditActor { AuditActor(id: user.id, name: user.username) }
}

struct AuditActor: Sendable {
    let id: UUID?
    let name: String
    static let system = AuditActor(id: nil, name: "system")
}

extension Request {
    private struct ViewerKey: StorageKey { typealias Value = Viewer }

    var viewer: Viewer? {
        get { storage[ViewerKey.self] }
        set { storage[ViewerKey.self] = newValue }
    }

    /// The viewer, or 401 (the HTML layer redirects to the login page).
    func requireViewer() throws -> Viewer {
        guard let v = viewer else { throw AppError.unauthorized }
        return v
    }
}

/// Loads the viewer's unit after session or token authentication; inactive accounts are logged out.
struct ViewerMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let user = request.auth.get(User.self) {
            if user.isActive, let unit = try await Unit.find(user.$unit.id, on: request.db) {
                request.viewer = Viewer(user: user, unit: unit)
            } else {
                request.auth.logout(User.self)
            }
        }
        return try await next.respond(to: request)
    }
}

/// Browser pages that need a signed-in account redirect to the login page.
struct RequireLoginMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.viewer != nil else {
            if request.method == .GET {
                let target = request.url.path
                return request.redirect(to: "/login?next=" + (target.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/"))
            }
            throw AppError.unauthorized
        }
        return try await next.respond(to: request)
    }
}

/// API routes require a bearer token.
struct RequireTokenMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.viewer != nil else {
            throw AppError(.unauthorized, "Thiếu hoặc sai mã truy cập API (Authorization: Bearer …).")
        }
        return try await next.respond(to: request)
    }
}

/// Looks up `Authorization: Bearer` tokens by their SHA-256.
struct TokenAuthenticator: AsyncBearerAuthenticator {
    func authenticate(bearer: BearerAuthorization, for request: Request) async throws {
        let hash = APITokenService.hash(bearer.token)
        guard let token = try await APIToken.query(on: request.db).filter(\.$tokenHash == hash).with(\.$user).first(),
              token.user.isActive else { return }
        request.auth.login(token.user)
    }
}
