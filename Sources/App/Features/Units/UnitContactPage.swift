import Vapor
import Domain

struct UnitContactPage: Encodable {
    let unit: UnitRow
    let form: UnitContactForm
    let errors: [String: String]
}
