import Vapor
import Fluent
import Domain

/// The signed-in account with its unit, loaded once per request. Every authorization decision goes through it.
struct Viewer: Sendable {
    let user: User
    let unit: Unit

    var id: UUID? { user.id }
    var role: Role { user.role }
    var isAdmin: Bool { role == .admin }

    var actor: AuditActor { AuditActor(id: user.id, name: user.username, unitID: unit.id) }
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
