import Vapor

/// A path that exists but not for this method answers 405 with `Allow`, not 404.
struct MethodNotAllowedMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch let notFound as RouteNotFound {
            // The router's own 404 (features throw AppError): does another method serve this path?
            let segments = request.url.path.split(separator: "/").map(String.init)
            let allowed = request.application.routes.all.filter { Self.matches($0.path, segments) }.map(\.method.rawValue)
            guard !allowed.isEmpty else { throw notFound }
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .allow, value: Set(allowed).sorted().joined(separator: ", "))
            throw AppErrorWithHeaders(error: AppError(.methodNotAllowed, "Địa chỉ này không nhận phương thức \(request.method.rawValue)."),
                                      headers: headers)
        }
    }

    static func matches(_ pattern: [PathComponent], _ segments: [String]) -> Bool {
        var i = 0
        for component in pattern {
            switch component {
            case .catchall: return true
            case .anything, .parameter:
                guard i < segments.count else { return false }
            case .constant(let value):
                guard i < segments.count, segments[i] == value else { return false }
            }
            i += 1
        }
        return i == segments.count
    }
}
