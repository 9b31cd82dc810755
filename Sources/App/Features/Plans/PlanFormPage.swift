/// The form for a plan's sections.
struct PlanFormPage: Encodable {
    let id: String
    let title: String
    /// An issued plan: the form asks for the reason of the amendment.
    let issued: Bool
    let form: PlanForm
    let errors: [String: String]
    let message: String?
}
