import Fluent
import Vapor
import Domain

struct GroupDTO: Content {
    let id: UUID?
    let name: String
    let anchorID: UUID
    let relation: String
    let kinds: [String]
    let levels: [String]
    let aliases: [String]
    var members: [String] = []
    var validFrom: String?
    var validTo: String?

    init(_ g: UnitGroup, aliases: [String], members: [String] = []) {
        self.members = members
        validFrom = g.validFrom?.description
        validTo = g.validTo?.description
        id = g.id
        name = g.name
        anchorID = g.$anchor.id
        relation = g.relation
        kinds = g.rule.kinds.map(\.rawValue)
        levels = g.rule.levels.map(\.rawValue)
        self.aliases = aliases
    }
}
