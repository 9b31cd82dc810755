import Vapor
import Domain

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
            guard let expected, Self.isWellFormed(expected) else { return try await Self.expired(request) }
            var sent = request.headers.first(name: "X-CSRF-Token")
            if sent == nil {
                if request.body.data == nil {
                    _ = try await request.body.collect(max: request.config.maxUploadBytes).get()
                }
                sent = try? request.content.get(String.self, at: Self.fieldName)
            }
            guard let token = sent, Self.constantTimeEquals(token, expected) else { return try await Self.expired(request) }
            return try await next.respond(to: request)
        }
    }

    struct ExpiredPage: Encodable {
        struct Field: Encodable { let name: String; let value: String }
        let action: String
        let fields: [Field]
        let hadFile: Bool
        let hadPassword: Bool
    }

    /// A form that came back without a valid token (it sat open too long, or the session changed): 403,
    /// but what was typed is offered back with a fresh token, to send again with one click after a look.
    /// Passwords are not carried over, and a file must be chosen again.
    static func expired(_ request: Request) async throws -> Response {
        let isForm = request.headers.contentType == .urlEncodedForm
        guard request.method == .POST, !request.wantsJSON, isForm || request.headers.contentType?.type == "multipart",
              isSameOrigin(request), let path = SafeRedirect.localPath(request.url.path) else { throw refused }
        if path == SiteRoute.loginSubmit.path() {
            // The login page itself: show it again with the name typed, and a fresh token.
            let username = String(((try? request.content.get(String.self, at: "username")) ?? "").prefix(64))
            let next = SafeRedirect.localPath(try? request.content.get(String.self, at: "next")) ?? "/"
            return try await request.render("auth/login", title: "Đăng nhập",
                                            LoginPage(username: username, next: next, error: "Trang đăng nhập đã mở quá lâu (mã bảo vệ CSRF hết hạn). Vui lòng nhập lại mật khẩu.", notice: nil),
                                            status: .forbidden)
        }
        var fields: [ExpiredPage.Field] = []
        var hadPassword = false
        if isForm, let all = try? request.content.decode([String: String].self) {
            for (name, value) in all.sorted(by: { $0.key < $1.key }) where name != fieldName {
                if ["password", "current", "confirm"].contains(name) { hadPassword = true; continue }
                fields.append(.init(name: name, value: value))
            }
        }
        let page = ExpiredPage(action: path, fields: fields, hadFile: !isForm, hadPassword: hadPassword)
        return try await request.render("errors/expired", title: "Biểu mẫu đã hết hạn", page, status: .forbidden)
    }

    /// Only a form posted from this site gets its values offered back; a form posted from elsewhere is refused plainly.
    static func isSameOrigin(_ request: Request) -> Bool {
        guard let host = request.headers.first(name: .host) else { return false }
        let source = request.headers.first(name: .origin) ?? request.headers.first(name: .referer)
        guard let source, let url = URL(string: source), let sourceHost = url.host else { return false }
        return sourceHost + (url.port.map { ":\($0)" } ?? "") == host
    }

    static let refused = AppError(.forbidden, "Biểu mẫu đã hết hạn hoặc không hợp lệ (thiếu mã bảo vệ CSRF). Vui lòng tải lại trang và thử lại.")

    static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        Array(a.utf8).secureCompare(to: Array(b.utf8))
    }

    static func newToken() -> String {
        [UInt8].random(count: 32).hex
    }

    /// The shape of every random token we hand out (CSRF, session): 32 bytes as 64 lowercase hex digits.
    static func isWellFormed(_ token: String) -> Bool {
        token.utf8.count == 64 && token.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }
}
