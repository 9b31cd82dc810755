import Vapor
import Fluent
import Domain

/// The signed-in account with its unit, loaded once per request. Every authorization decision goes through it.
struct Viewer: Sendable {
    let user: User
    let unit: Unit

    var id: UUID? { user.id }
    var role: Role { user.userRole }
    var isAdmin: Bool { role == .admin }

    var actor: AuditActor { AuditActor(id: user.id, name: user.username, unitID: unit.id) }
}

struct AuditActor: Sendable {
    let id: UUID?
    let name: String
    /// The actor's unit, for entries that belong to no single unit (an import).
    var unitID: UUID? = nil
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

/// Browser pages that need a signed-in account send visitors to the login page, and back afterwards.
struct RequireLoginMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.viewer != nil else {
            if request.method == .GET || request.method == .HEAD {
                var target = request.url.path
                if let query = request.url.query, !query.isEmpty { target += "?" + query }
                var location = "/login"
                if let local = SafeRedirect.localPath(target), local != "/" {
                    location += "?next=" + (local.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
                }
                if request.sessionExpired { location += (location.contains("?") ? "&" : "?") + "expired=1" }
                return request.redirect(to: location)
            }
            throw AppError.unauthorized
        }
        return try await next.respond(to: request)
    }
}

/// The JSON API takes `Authorization: Bearer` tokens only (never the browser's cookie): a token that is
/// unknown, expired, revoked, or whose account is locked gets 401.
struct APITokenMiddleware: AsyncMiddleware {
    /// How often a token's last-used time is written.
    static let touchInterval: TimeInterval = 60

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let bearer = request.headers.bearerAuthorization,
              let viewer = try await APITokenService.viewer(for: bearer.token, now: request.now, on: request.db) else {
            throw AppError(.unauthorized, "Thiếu, sai, hết hạn hoặc đã thu hồi mã truy cập API (Authorization: Bearer …).")
        }
        request.viewer = viewer
        return try await next.respond(to: request)
    }
}
