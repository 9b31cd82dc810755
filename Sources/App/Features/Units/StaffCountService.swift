import Domain
import Fluent
import Vapor

/// Dated staff counts of units: typed on a unit's page or imported from a CSV file (all rows or none), every change audited.
enum StaffCountService {
    struct Snapshot: Codable, Sendable {
        let unit: String
        let staff: Int
        let asOf: String
    }

    /// The unit's counts, newest first.
    static func history(of unit: Unit, on db: any Database) async throws -> [UnitStaffCount] {
        try await UnitStaffCount.query(on: db).filter(\.$unit.$id == unit.requireID()).all().sorted { $0.asOf > $1.asOf }
    }

    /// Every count of `units`, by unit: for the count in force on a day (`StaffCountCSV.inForce`).
    static func counts(of units: [UUID], on db: any Database) async throws -> [UUID: [(asOf: CalendarDate, value: Int)]] {
        var result: [UUID: [(asOf: CalendarDate, value: Int)]] = [:]
        for chunk in units.chunked(500) {
            for c in try await UnitStaffCount.query(on: db).filter(\.$unit.$id ~~ Array(chunk)).all() {
                result[c.$unit.id, default: []].append((c.asOf, c.staff))
            }
        }
        return result
    }

    /// Stores `rows` (unit, count, date) in one audited transaction: a count already dated that day for the unit is replaced.
    static func save(_ rows: [(unit: Unit, staff: Int, asOf: CalendarDate)], actor: AuditActor, now: Date, on db: any Database) async throws {
        let ids = try rows.map { try $0.unit.requireID() }
        try await db.audited(by: actor, at: now) { db, audit in
            var existing: [String: UnitStaffCount] = [:]
            for chunk in Array(Set(ids)).chunked(500) {
                for c in try await UnitStaffCount.query(on: db).filter(\.$unit.$id ~~ Array(chunk)).all() {
                    existing[c.$unit.id.uuidString + "|" + c.asOf.description] = c
                }
            }
            for (row, id) in zip(rows, ids) {
                let key = id.uuidString + "|" + row.asOf.description
                let before = existing[key].map { Snapshot(unit: row.unit.code, staff: $0.staff, asOf: $0.asOf.description) }
                let count = existing[key] ?? UnitStaffCount(unitID: id, staff: row.staff, asOf: row.asOf, recordedBy: actor.name, at: now)
                count.staff = row.staff
                count.recordedBy = actor.name
                count.recordedAt = now
                try await count.save(on: db)
                existing[key] = count
                try await audit.record(before == nil ? .create : .update, .staffCount, id: count.id, unit: id,
                                       summary: "Số biên chế của \(row.unit.name) từ ngày \(row.asOf.display): \(row.staff) người",
                                       before: before, after: Snapshot(unit: row.unit.code, staff: row.staff, asOf: row.asOf.description))
            }
        }
    }

    /// Imports a CSV of counts (`StaffCountCSV`): every row's unit must exist and be one `viewer` manages; on any problem
    /// nothing is stored and every problem is told with its line.
    static func importCSV(_ text: String, viewer: Viewer, now: Date, on db: any Database) async throws -> (saved: Int, errors: [UnitImportError]) {
        let (rows, errors) = StaffCountCSV.read(text)
        guard errors.isEmpty else { return (0, errors) }
        let codes = Array(Set(rows.flatMap { [$0.code, $0.code.uppercased()] }))
        var byCode: [String: Unit] = [:]
        for chunk in codes.chunked(500) {
            for unit in try await Unit.query(on: db).filter(\.$code ~~ Array(chunk)).all() {
                // A code kept by a successor: the unit in force today.
                if byCode[unit.code.uppercased()] == nil || unit.validTo == nil { byCode[unit.code.uppercased()] = unit }
            }
        }
        var problems: [UnitImportError] = []
        var resolved: [(unit: Unit, staff: Int, asOf: CalendarDate)] = []
        for row in rows {
            guard let unit = byCode[row.code.uppercased()] else {
                problems.append(UnitImportError(line: row.line, message: "không có đơn vị mã \"\(row.code.prefix(40))\" trong danh mục."))
                continue
            }
            guard viewer.may(.manage, unit) else {
                problems.append(UnitImportError(line: row.line, message: "đơn vị \(unit.name) không thuộc phạm vi \(viewer.unit.name) quản lý."))
                continue
            }
            resolved.append((unit, row.staff, row.asOf))
        }
        guard problems.isEmpty else { return (0, problems) }
        try await save(resolved, actor: viewer.actor, now: now, on: db)
        return (resolved.count, [])
    }
}
