import Fluent
import Vapor
import Domain

struct AuditRow: Encodable {
    let at: String
    let actor: String
    let action: String
    let entityType: String
    let entityID: String
    let summary: String
    let changes: [AuditDiff.Change]
}
