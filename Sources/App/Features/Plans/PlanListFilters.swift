import Domain
import Vapor

/// The plan list's filters from the query string: year, status, issuer (code or name), words to find.
struct PlanListFilters: Sendable {
    var year: Int?
    /// The issuer's level (province, district, commune).
    var level: UnitLevel?
    var status: Plan.Status?
    var issuer: String?
    var query: String?

    init(year: Int? = nil, status: Plan.Status? = nil, issuer: String? = nil, query: String? = nil) {
        (self.year, self.status, self.issuer, self.query) = (year, status, issuer, query)
    }

    init(_ req: Request) {
        func text(_ key: String) -> String? {
            guard let value = try? req.query.get(String.self, at: key) else { return nil }
            let cleaned = VietnameseText.clean(String(value.prefix(LikePattern.maxTermLength)))
            return cleaned.isEmpty ? nil : cleaned
        }
        year = text("year").flatMap { Int($0) }.flatMap { (1990...2200).contains($0) ? $0 : nil }
        status = text("status").flatMap(Plan.Status.init(rawValue:))
        level = text("level").flatMap(UnitLevel.init(rawValue:))
        issuer = text("issuer")
        query = text("q")
    }
}
