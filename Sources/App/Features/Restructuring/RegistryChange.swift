import Domain
import Foundation

/// A restructuring to record: what the legal act decides, before it is checked and stored as a `RegistryEvent`.
struct RegistryChange: Sendable {
    /// A unit the act founds.
    struct NewUnit: Sendable, Equatable {
        var code: String
        var name: String
        var shortName: String?
        var kind: UnitKind
        var level: UnitLevel
        var parentID: UUID?
    }

    enum Target: Sendable {
        /// A unit that exists (a surviving unit, one that takes over duties, or one founded earlier in the same batch).
        case existing(Unit)
        case new(NewUnit)
    }

    var kind: RegistryEvent.Kind
    var effectiveOn: CalendarDate
    var basis: RegistryEventDetails.Basis
    /// The units before: merged, split, abolished, renamed or moved.
    var sources: [Unit]
    /// The units after: the merge's result, the split's parts, those that take over an abolished unit's duties.
    var targets: [Target] = []
    /// Units in `targets` founded by this change (created earlier in the same batch): undo removes them.
    var founded: Set<UUID> = []
    var newName: String?
    var newShortName: String?
    var newParent: Unit?
    /// Where the accounts of retired units go (default: the one successor; deactivated when there are several).
    var accountsTo: Unit?
    /// Units below a retired one that stay (moved elsewhere by another change of the same batch).
    var spared: Set<UUID> = []
}
