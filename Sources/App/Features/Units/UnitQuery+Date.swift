import Domain
import Fluent
import SQLKit
import Vapor

extension QueryBuilder where Model == Unit {
    /// The units valid on `date`: founded on or before it, not ended before it.
    func valid(on date: CalendarDate) -> Self {
        group(.or) { $0.filter(\.$validFrom == nil).filter(\.$validFrom <= date) }
            .group(.or) { $0.filter(\.$validTo == nil).filter(\.$validTo >= date) }
    }

    /// The units directly under `parentID` on `date` (the roots when nil): those placed there now and not moved in
    /// after the date, and those moved away since that sat there on the date (`unit_placements`).
    func children(of parentID: UUID?, on date: CalendarDate) async throws -> Self {
        // Usually no unit has moved since that day: the current parent answers, through the index on parent_id.
        guard try await UnitPlacement.query(on: database).filter(\.$until >= date).count() > 0 else {
            return filter(\.$parent.$id == parentID)
        }
        let parentNow: SQLQueryString = parentID.map { "c.parent_id = \(bind: $0)" } ?? "c.parent_id IS NULL"
        let parentThen: SQLQueryString = parentID.map { "p.parent_id = \(bind: $0)" } ?? "p.parent_id IS NULL"
        // One id list from two indexed lookups (no OR across them, which would keep the planner off the indexes).
        return filter(.sql(embed: """
            units.id IN (
              SELECT c.id FROM units c WHERE \(parentNow)
                AND NOT EXISTS (SELECT 1 FROM unit_placements x WHERE x.unit_id = c.id AND x.until >= \(bind: date))
              UNION ALL
              SELECT p.unit_id FROM unit_placements p WHERE \(parentThen) AND p.until >= \(bind: date)
                AND NOT EXISTS (SELECT 1 FROM unit_placements q WHERE q.unit_id = p.unit_id AND q.until >= \(bind: date) AND q.until < p.until))
            """))
    }
}

extension Request {
    /// The date a registry page or API call asks about: `?date=` as yyyy-mm-dd or dd/mm/yyyy, today when absent.
    func registryDate() throws -> CalendarDate {
        let today = application.clock.today()
        guard let text = (try? query.get(String.self, at: "date"))?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return today }
        guard let date = UnitCSVImport.parseDate(text) else {
            throw AppError(.badRequest, "Ngày không hợp lệ: \"\(text.prefix(20))\" (dạng dd/mm/yyyy hoặc yyyy-mm-dd).")
        }
        return date
    }
}
