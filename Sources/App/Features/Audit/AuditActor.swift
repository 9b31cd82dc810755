import Vapor
import Fluent
import Domain

struct AuditActor: Sendable {
    let id: UUID?
    let name: String
    /// The actor's unit, for entries that belong to no single unit (an import).
    var unitID: UUID? = nil
    static let system = AuditActor(id: nil, name: "system")
}
