import Domain
import Foundation

/// The list sections of a plan, stored as one JSON document.
struct PlanSections: Codable, Equatable, Sendable {
    var legalBases: [LegalBasis] = []
    var targets: [Target] = []
    var audiences: [String] = []
    var topics: [String] = []
    var forms: [String] = []
    var responsibilities: [Responsibility] = []
    var recipients: [String] = []
    /// What the importer could not read for sure, shown beside the draft until someone clears it.
    var warnings: [String] = []
}
