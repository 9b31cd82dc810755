import Domain

/// A plan in a list.
struct PlanRow: Encodable {
    let id: String
    let title: String
    let number: String
    let issuedOn: String
    let year: Int
    let issuer: String
    let status: String
    let isDraft: Bool

    init(_ plan: Plan) {
        id = plan.id?.uuidString ?? ""
        title = plan.title
        number = plan.number ?? ""
        issuedOn = plan.issuedOn?.display ?? ""
        year = plan.year
        issuer = plan.$unit.value?.name ?? plan.issuerName ?? ""
        status = plan.status.label
        isDraft = plan.status == .draft
    }
}
