import Domain
import Vapor

/// A plan in API lists.
struct PlanSummaryDTO: Content {
    let id: UUID?
    let unitID: UUID
    let status: Plan.Status
    let year: Int
    let number: String?
    let issuedOn: CalendarDate?
    let title: String

    init(_ plan: Plan) {
        id = plan.id
        unitID = plan.$unit.id
        status = plan.status
        year = plan.year
        number = plan.number
        issuedOn = plan.issuedOn
        title = plan.title
    }
}
