import Vapor
import Fluent
import SQLKit
import Domain

/// The signed-in account with its unit, loaded once per request. Every authorization decision goes through it.
struct Viewer: Sendable {
    /// A unit the viewer's unit succeeded (directly or through a chain of restructurings): its records are the
    /// viewer's history, readable like its own, and counted in roll-ups for the time before `until`.
    struct Predecessor: Sendable, Equatable {
        let id: UUID
        let path: String
        let name: String
        /// The day the predecessor's work passed on (the effective date of the event that linked it).
        let until: CalendarDate
    }

    let user: User
    let unit: Unit
    var predecessors: [Predecessor] = []

    /// The viewer with the units its unit succeeded, read through the registry's links (one query).
    static func load(user: User, unit: Unit, on db: any Database) async throws -> Viewer {
        Viewer(user: user, unit: unit, predecessors: try await predecessors(of: try unit.requireID(), on: db))
    }

    /// Every unit `unitID` succeeded, through any chain of events, each with the date its work passed on.
    static func predecessors(of unitID: UUID, on db: any Database) async throws -> [Predecessor] {
        guard let sql = db as? any SQLDatabase else { return [] }
        let rows = try await sql.raw("""
            WITH RECURSIVE chain(id, until) AS (
              SELECT predecessor_id, effective_on FROM unit_links WHERE successor_id = \(bind: unitID)
              UNION
              SELECT l.predecessor_id, l.effective_on FROM unit_links l JOIN chain c ON l.successor_id = c.id
            )
            SELECT u.id AS id, u.path AS path, u.name AS name, MAX(c.until) AS until
            FROM chain c JOIN units u ON u.id = c.id GROUP BY u.id, u.path, u.name
            """).all()
        return try rows.map { row in
            Predecessor(id: try row.decode(column: "id", as: UUID.self), path: try row.decode(column: "path", as: String.self),
                        name: try row.decode(column: "name", as: String.self), until: try row.decode(column: "until", as: CalendarDate.self))
        }
    }

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
