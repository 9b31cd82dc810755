import Domain

/// The plan list with its filters.
struct PlanListPage: Encodable {
    let rows: [PlanRow]
    let paging: Paging
    let query: String
    let issuer: String
    let years: [SelectOption]
    let statuses: [SelectOption]
    let levels: [SelectOption]
    let canImport: Bool
    let filtered: Bool

    init(rows: [PlanRow], paging: Paging, filters: PlanListFilters, years: [Int], canImport: Bool) {
        self.rows = rows
        self.paging = paging
        query = filters.query ?? ""
        issuer = filters.issuer ?? ""
        self.years = [SelectOption(value: "", label: "Mọi năm", selected: filters.year == nil)]
            + years.map { SelectOption(value: "\($0)", label: "\($0)", selected: $0 == filters.year) }
        statuses = [SelectOption(value: "", label: "Mọi trạng thái", selected: filters.status == nil)]
            + Plan.Status.allCases.map { SelectOption(value: $0.rawValue, label: $0.label, selected: $0 == filters.status) }
        levels = [SelectOption(value: "", label: "Mọi cấp", selected: filters.level == nil)]
            + [UnitLevel.province, .district, .commune].map { SelectOption(value: $0.rawValue, label: $0.label, selected: $0 == filters.level) }
        self.canImport = canImport
        filtered = filters.year != nil || filters.level != nil || filters.status != nil || filters.issuer != nil || filters.query != nil
    }
}
