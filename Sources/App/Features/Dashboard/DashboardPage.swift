import Fluent
import Vapor
import Domain

struct DashboardPage: Encodable {
    let rootName: String
    let unitName: String
    let unitID: String
    let unitsInScope: Int
    let accountsInScope: Int
    let recent: [AuditRow]
    let notices: [NoticeRow]
}
