/// The upload form for a plan document.
struct PlanImportPage: Encodable {
    let unitQuery: String
    /// Administrators file a plan under any unit; plan owners under their own.
    let chooseUnit: Bool
    let unitName: String
    let error: String?
    let maxMB: Int
    let formats: String
}
