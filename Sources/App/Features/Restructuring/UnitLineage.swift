import Domain
import Fluent
import SQLKit
import Vapor

/// A unit's predecessors and successors with the events that link them, for its page and the API.
enum UnitLineage {
    struct Link: Content, Equatable {
        let id: UUID
        let name: String
        let code: String
        /// The event's kind: merge, split, rename, move, abolish.
        let event: String
        let eventLabel: String
        let eventID: UUID
        let effectiveOn: CalendarDate
        /// dd/mm/yyyy, for pages.
        let effectiveDisplay: String
        let basis: String

        enum CodingKeys: String, CodingKey {
            case id, name, code, event, eventLabel = "event_label", eventID = "event_id", effectiveOn = "effective_on",
                 effectiveDisplay = "effective_display", basis
        }
    }

    static func links(of unitID: UUID, on db: any Database) async throws -> (predecessors: [Link], successors: [Link]) {
        let links = try await UnitLink.query(on: db).group(.or) { $0.filter(\.$predecessor.$id == unitID).filter(\.$successor.$id == unitID) }.all()
        guard !links.isEmpty else { return ([], []) }
        let unitIDs = Set(links.flatMap { [$0.$predecessor.id, $0.$successor.id] })
        let units = Dictionary(uniqueKeysWithValues: try await Unit.query(on: db).filter(\.$id ~~ unitIDs).all().compactMap { u in u.id.map { ($0, u) } })
        let events = Dictionary(uniqueKeysWithValues: try await RegistryEvent.query(on: db).filter(\.$id ~~ Set(links.map(\.$event.id))).all()
            .compactMap { e in e.id.map { ($0, e) } })
        func link(_ other: UUID, _ l: UnitLink) -> Link? {
            guard let unit = units[other], let event = events[l.$event.id] else { return nil }
            return Link(id: other, name: unit.name, code: unit.code, event: event.kind.rawValue, eventLabel: event.kind.label,
                        eventID: l.$event.id, effectiveOn: l.effectiveOn, effectiveDisplay: l.effectiveOn.display, basis: event.basisText)
        }
        let order: (Link, Link) -> Bool = { ($0.effectiveOn, $0.name) < ($1.effectiveOn, $1.name) }
        return (links.filter { $0.$successor.id == unitID }.compactMap { link($0.$predecessor.id, $0) }.sorted(by: order),
                links.filter { $0.$predecessor.id == unitID }.compactMap { link($0.$successor.id, $0) }.sorted(by: order))
    }
}

/// A unit as the API shows it: the registry entry with its validity, and on the unit's own endpoint its
/// predecessors and successors.
struct UnitAPIDTO: Content {
    let unit: UnitDTO
    let predecessors: [UnitLineage.Link]?
    let successors: [UnitLineage.Link]?

    private enum Extra: String, CodingKey { case validFrom = "valid_from", validTo = "valid_to", predecessors, successors }

    func encode(to encoder: any Encoder) throws {
        try unit.encode(to: encoder)
        var c = encoder.container(keyedBy: Extra.self)
        try c.encode(unit.validFrom, forKey: .validFrom)
        try c.encode(unit.validTo, forKey: .validTo)
        try c.encodeIfPresent(predecessors, forKey: .predecessors)
        try c.encodeIfPresent(successors, forKey: .successors)
    }

    init(_ unit: UnitDTO, predecessors: [UnitLineage.Link]? = nil, successors: [UnitLineage.Link]? = nil) {
        self.unit = unit
        self.predecessors = predecessors
        self.successors = successors
    }

    init(from decoder: any Decoder) throws {
        unit = try UnitDTO(from: decoder)
        let c = try decoder.container(keyedBy: Extra.self)
        predecessors = try c.decodeIfPresent([UnitLineage.Link].self, forKey: .predecessors)
        successors = try c.decodeIfPresent([UnitLineage.Link].self, forKey: .successors)
    }
}
