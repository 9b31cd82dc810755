import Vapor

/// Synchroniser-token CSRF protection for browser forms: the session holds a random token, every
/// unsafe request must echo it in `_csrf` (form field) or `X-CSRF-Token` (header).
struct CSRFMiddleware: AsyncMiddleware {
    static let sessionKey = "csrf"
    static let fieldName = "_csrf"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        switch request.method {
        case .GET, .HEAD, .OPTIONS:
            return try await next.respond(to: request)
        default:
            guard let expected = request.session.data[Self.sessionKey] else { throw Self.refused }
            var sent = request.headers.first(name: "X-CSRF-Token")
            if sent == nil {
                if request.body.data == nil {
                    _ = try await request.body.collect(max: request.config.maxUploadBytes).get()
                }
                sent = try? request.content.get(String.self, at: Self.fieldName)
            }
            guard let token = sent, Self.constantTimeEquals(token, expected) else { throw Self.refused }
            return try await next.respond(to: request)
        }
    }

    static let refused = AppError(.forbidden, "Biểu mẫu đã hết hạn hoặc không hợp lệ (thiếu mã bảo vệ CSRF). Vui lòng tải lại trang và thử lại.")

    static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<x.count { diff |= x[i] ^ y[i] }
        return diff == 0
    }

    static func newToken() -> String {
        [UInt8].random(count: 32).base64.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}

extension Request {
    /// The session's CSRF token, created on first use.
    var csrfToken: String {
        if let t = session.data[CSRFMiddleware.sessionKey] { return t }
        let t = CSRFMiddleware.newToken()
        session.data[CSRFMiddleware.sessionKey] = t
        return t
    }

    /// A one-time message shown on the next page.
    func flash(_ message: String) {
        session.data["flash"] = message
    }

    func takeFlash() -> String? {
        guard hasSession, let m = session.data["flash"] else { return nil }
        session.data["flash"] = nil
        return m
    }
}
