import Fluent
import Vapor
import Domain

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
