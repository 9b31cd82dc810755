import Vapor
import Domain

struct UnitRow: Encodable {
    let id: String
    let code: String
    let name: String
    let kindLabel: String
    let levelLabel: String
    let depth: Int
    let indent: Int
    let retired: Bool

    init(_ unit: Unit, depth: Int = 0, today: CalendarDate) {
        id = unit.id?.uuidString ?? ""
        code = unit.code
        name = unit.name
        kindLabel = unit.kind.label
        levelLabel = unit.level.label
        self.depth = depth
        indent = min(depth, 6)
        retired = unit.isRetired(on: today)
    }
}
