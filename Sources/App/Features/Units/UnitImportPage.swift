import Vapor
import Domain

struct UnitImportPage: Encodable {
    let errors: [String]
    let created: Int?
    let updated: Int?
    let sample: String
    let kinds: String
    let levels: String
    /// For a plan owner: the unit every imported row must stay under.
    let scopeName: String?
}
