import Vapor
import Domain

struct UnitSearchPage: Encodable {
    let query: String
    let rows: [UnitRow]
    let groups: [GroupRow]
    let paging: Paging
    let searched: Bool
    /// The day searched (units valid on it), unless `everyPeriod`.
    let date: String
    let dateDisplay: String
    let everyPeriod: Bool
}
