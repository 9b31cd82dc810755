import Fluent
import FluentSQL
import SQLKit
import Vapor
import Domain

/// The validated fields an administrator sets on a unit.
struct UnitInput: Sendable {
    var code: String
    var name: String
    var shortName: String?
    var kind: UnitKind
    var level: UnitLevel
    var parentID: UUID?
    var aliases: [String]
    var validFrom: CalendarDate?
    var validTo: CalendarDate?
}
