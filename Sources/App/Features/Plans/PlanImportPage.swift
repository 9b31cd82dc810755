/// The upload form for a plan document.
struct PlanImportPage: Encodable {
    let unitQuery: String
    /// Administrators file a plan under any unit; plan owners under their own.
    let chooseUnit: Bool
    let unitName: String
    let error: String?
    let maxMB: Int
    let formats: String
    /// Files being read and waiting on this server now, when any ("2 tệp đang được đọc, 1 tệp đang chờ").
    let queue: String?
}
