import Fluent
import Vapor
import Domain

/// "A became (part of) B on this date": one row per predecessor and successor of a registry event. The successor's
/// accounts read the predecessor's history through it.
final class UnitLink: Model, @unchecked Sendable {
    static let schema = "unit_links"

    @ID(key: .id) var id: UUID?
    @Parent(key: "event_id") var event: RegistryEvent
    @Parent(key: "predecessor_id") var predecessor: Unit
    @Parent(key: "successor_id") var successor: Unit
    @Field(key: "effective_on") var effectiveOn: CalendarDate

    init() {}

    init(eventID: UUID, predecessorID: UUID, successorID: UUID, effectiveOn: CalendarDate) {
        self.id = UUID()
        self.$event.id = eventID
        self.$predecessor.id = predecessorID
        self.$successor.id = successorID
        self.effectiveOn = effectiveOn
    }
}

/// Where a unit sat before a move: under `parent` until `until` (inclusive). The tree on an earlier date reads it.
final class UnitPlacement: Model, @unchecked Sendable {
    static let schema = "unit_placements"

    @ID(key: .id) var id: UUID?
    @Parent(key: "unit_id") var unit: Unit
    @OptionalParent(key: "parent_id") var parent: Unit?
    @Field(key: "until") var until: CalendarDate
    @Parent(key: "event_id") var event: RegistryEvent

    init() {}

    init(unitID: UUID, parentID: UUID?, until: CalendarDate, eventID: UUID) {
        self.id = UUID()
        self.$unit.id = unitID
        self.$parent.id = parentID
        self.until = until
        self.$event.id = eventID
    }
}
