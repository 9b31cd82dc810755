import Vapor
import Fluent
import Domain

/// Browser pages that need a signed-in account send visitors to the login page, and back afterwards.
struct RequireLoginMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.viewer != nil else {
            if request.method == .GET || request.method == .HEAD {
                var target = request.url.path
                if let query = request.url.query, !query.isEmpty { target += "?" + query }
                var location = SiteRoute.login.path()
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
