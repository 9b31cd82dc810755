import Vapor
import Domain

struct UnitTreePage: Encodable {
    let rows: [UnitRow]
    let total: Int
    let canManage: Bool
}
