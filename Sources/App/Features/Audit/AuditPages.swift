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

struct AuditPage: Encodable {
    let text: String
    let entityType: String
    let actor: String
    let from: String
    let to: String
    let rows: [AuditRow]
    let entityTypes: [SelectOption]
    let paging: Paging
    let error: String?
}
