import Vapor
import Domain

struct UnitSearchPage: Encodable {
    let query: String
    let rows: [UnitRow]
    let groups: [GroupRow]
    let paging: Paging
    let searched: Bool
}
