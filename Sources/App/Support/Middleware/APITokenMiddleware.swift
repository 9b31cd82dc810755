import Vapor
import Fluent
import Domain

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
