import Vapor

struct GroupShowPage: Encodable {
    let id: String
    let canManage: Bool
    let name: String
    let anchor: UnitRow
    let aliases: [String]
    let ruleText: String
    let date: String
    let members: [UnitRow]
}
