import Foundation

/// What a name resolves to.
struct UnitResolution: Equatable, Sendable {
    var unitID: UUID?
    var groupID: UUID?
    var match: TaskUnit.Match
    var confidence: Double

    static let unresolved = UnitResolution(unitID: nil, groupID: nil, match: .unresolved, confidence: 0)
}
