import Domain
import Vapor

/// The typed context every Leaf page gets: layout data plus the page's own content.
struct Page<Content: Encodable>: Encodable {
    struct Badge: Encodable {
        let name: String
        let username: String
        let role: String
        let unitName: String
        let isAdmin: Bool
        let managesAccounts: Bool
    }

    let title: String
    let section: String
    let user: Badge?
    let csrf: String
    let flash: String?
    let assetVersion: String
    let content: Content

    init(title: String, section: String = "", request: Request, content: Content) {
        self.title = title
        self.section = section
        self.user = request.viewer.map {
            Badge(name: $0.user.fullName, username: $0.user.username, role: $0.role.label, unitName: $0.unit.name,
                  isAdmin: $0.isAdmin, managesAccounts: $0.managesRegistry)
        }
        self.csrf = request.csrfToken
        self.flash = request.takeFlash()
        self.assetVersion = request.application.staticFiles?.version ?? ""
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
    /// The `year` of the query string when it is a plausible year (2000–2100); this year in Vietnam otherwise.
    var queryYear: Int {
        ((try? query.get(String.self, at: "year")).flatMap { Int($0) }).flatMap { (2000...2100).contains($0) ? $0 : nil }
            ?? application.clock.today().year
    }
}

extension Response {
    /// A file to save: its bytes, its type, and the name the browser offers.
    static func download(_ data: Data, filename: String, contentType: String) -> Response {
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.replaceOrAdd(name: .contentType, value: contentType)
        response.headers.replaceOrAdd(name: .contentDisposition, value: ContentDisposition.attachment(filename: filename))
        return response
    }
}
