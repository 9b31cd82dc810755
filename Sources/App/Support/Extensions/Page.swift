import Vapor

/// The typed context every Leaf page gets: layout data plus the page's own content.
struct Page<Content: Encodable>: Encodable {
    struct Badge: Encodable {
        let name: String
        let username: String
        let role: String
        let unitName: String
        let isAdmin: Bool
    }

    let title: String
    let section: String
    let user: Badge?
    let csrf: String
    let flash: String?
    let content: Content

    init(title: String, section: String = "", request: Request, content: Content) {
        self.title = title
        self.section = section
        self.user = request.viewer.map {
            Badge(name: $0.user.fullName, username: $0.user.username, role: $0.role.label, unitName: $0.unit.name,
                  isAdmin: $0.isAdmin)
        }
        self.csrf = request.sessionsReady ? request.csrfToken : ""
        self.flash = request.sessionsReady ? request.takeFlash() : nil
        self.content = content
    }
}

extension Request {
    func render<C: Encodable>(_ template: String, title: String, section: String = "", _ content: C,
                              status: HTTPResponseStatus = .ok) async throws -> Response {
        let view = try await self.view.render(template, Page(title: title, section: section, request: self, content: content))
        return try await view.encodeResponse(status: status, for: self)
    }
}

extension Request {
    private struct SessionsReadyKey: StorageKey { typealias Value = Bool }

    /// Whether the sessions middleware ran for this request (error pages can be rendered outside it).
    var sessionsReady: Bool {
        get { storage[SessionsReadyKey.self] ?? false }
        set { storage[SessionsReadyKey.self] = newValue }
    }
}

struct SessionsReadyMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        request.sessionsReady = true
        return try await next.respond(to: request)
    }
}
