import Fluent
import FluentSQL
import SQLKit
import Vapor
import Domain

/// Public shape of a unit: for the API and for audit snapshots.
struct UnitDTO: Content, Equatable {
    let id: UUID?
    let code: String
    let name: String
    let shortName: String?
    let kind: String
    let level: String
    let parentID: UUID?
    let validFrom: String?
    let validTo: String?
    let aliases: [String]
    let address: String?
    let phone: String?
    let email: String?
    let website: String?

    /// `contact: false` leaves out address, phone and e-mail (for accounts that may not see the unit's records).
    init(_ unit: Unit, aliases: [String], contact: Bool = true) {
        id = unit.id
        code = unit.code
        name = unit.name
        shortName = unit.shortName
        kind = unit.kind.rawValue
        level = unit.level.rawValue
        parentID = unit.$parent.id
        validFrom = unit.validFrom?.description
        validTo = unit.validTo?.description
        self.aliases = aliases
        address = contact ? unit.address : nil
        phone = contact ? unit.phone : nil
        email = contact ? unit.email : nil
        website = unit.website
    }
}
