import Vapor

/// CSRF protection for browser forms. Signed in: the session's random token (synchroniser token).
/// Not signed in (the login form): a random `SameSite=Strict` cookie the form must repeat. Every
/// unsafe request echoes it in `_csrf` (form field) or `X-CSRF-Token` (header).
struct CSRFMiddleware: AsyncMiddleware {
    static let fieldName = "_csrf"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        switch request.method {
        case .GET, .HEAD, .OPTIONS:
            return try await next.respond(to: request)
        default:
            let expected = request.browserSession?.session?.csrf
                ?? request.cookies[BrowserSessionMiddleware.csrfCookieName]?.string
            guard let expected, Self.isWellFormed(expected) else { throw Self.refused }
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
        [UInt8].random(count: 32).hex
    }

    static func isWellFormed(_ token: String) -> Bool {
        token.utf8.count == 64 && token.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }
}
