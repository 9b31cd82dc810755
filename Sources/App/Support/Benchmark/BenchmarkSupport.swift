import Fluent
import Foundation
import Vapor
import Domain

/// What the benchmark programs need from inside the app, and nothing more.
public enum BenchmarkSupport {
    /// Migrates and loads the demo data, as `swift run cchc` does on first start.
    public static func prepare(_ app: Application) async throws {
        try await app.autoMigrate()
        try await DemoData.loadIfEmpty(on: app.db, config: app.config, now: app.clock.now())
    }

    /// Ids of `count` demo units, for writers that each own one.
    public static func unitIDs(_ count: Int, on app: Application) async throws -> [UUID] {
        try await Unit.query(on: app.db).sort(\.$code).limit(count).all().compactMap(\.id)
    }

    /// Ids of the units with these codes, in the same order.
    public static func unitIDs(codes: [String], on app: Application) async throws -> [UUID] {
        var out: [UUID] = []
        for code in codes {
            guard let id = try await Unit.query(on: app.db).filter(\.$code == code).first()?.id else { throw Abort(.notFound) }
            out.append(id)
        }
        return out
    }

    /// Moves each unit (by code) under `parent` from `effective`, as recorded move events: the registry then has
    /// placements, which the children of a unit on a date before the moves must read.
    public static func move(codes: [String], under parent: String, effectiveYear: Int, month: Int, day: Int, on app: Application) async throws -> Int {
        guard let effective = CalendarDate(year: effectiveYear, month: month, day: day) else { throw Abort(.badRequest) }
        guard let target = try await Unit.query(on: app.db).filter(\.$code == parent).first() else { throw Abort(.notFound) }
        let basis = RegistryEventDetails.Basis(number: "1/2025/NQ-BENCH", date: effective.adding(days: -20), issuer: "Ủy ban Thường vụ Quốc hội")
        var moved = 0
        for code in codes {
            guard let unit = try await Unit.query(on: app.db).filter(\.$code == code).first() else { continue }
            _ = try await RegistryEventService.record(RegistryChange(kind: .move, effectiveOn: effective, basis: basis, sources: [unit], newParent: target),
                                                     actor: .system, now: Date(), today: app.clock.today(), on: app.db)
            moved += 1
        }
        return moved
    }

    public static func anyGroupID(on app: Application) async throws -> UUID {
        guard let id = try await UnitGroup.query(on: app.db).first()?.id else { throw Abort(.notFound) }
        return id
    }

    public static func phone(of unitID: UUID, on app: Application) async throws -> String? {
        try await Unit.find(unitID, on: app.db)?.phone
    }

    /// The phone numbers the audit log holds as saved values (one entry per acknowledged contact save).
    public static func auditedPhones(on app: Application) async throws -> [String] {
        try await AuditEntry.query(on: app.db).filter(\.$entityType == .unit).filter(\.$action == .update).all()
            .compactMap { entry -> String? in
                guard let data = entry.after?.data(using: .utf8),
                      let dto = try? JSONDecoder().decode(UnitDTO.self, from: data) else { return nil }
                return dto.phone
            }
    }

    public struct ImportFigures: Sendable {
        public let created: Int
        public let updated: Int
        public let errors: [String]
        public let writeSeconds: Double
    }

    /// Imports a registry CSV as the import page does.
    public static func importUnits(_ csv: String, on app: Application) async throws -> ImportFigures {
        let r = try await UnitImportService.importCSV(csv, actor: .system, now: app.clock.now(), on: app.db)
        return ImportFigures(created: r.created, updated: r.updated, errors: r.errors.map(\.description), writeSeconds: r.writeSeconds)
    }

    public static func unitCount(on app: Application) async throws -> Int {
        try await Unit.query(on: app.db).count()
    }

    /// An issued plan of the demo province with `tasks` rows led by enough of its units to make about
    /// `assignments` assignments; a third of the rows recur monthly. Returns the plan's id and its assignment count.
    public static func issuedPlan(tasks: Int, assignments: Int, on app: Application) async throws -> (id: UUID, assignments: Int) {
        guard let province = try await Unit.query(on: app.db).filter(\.$code == "ST").first() else { throw Abort(.notFound) }
        let units = try await Unit.query(on: app.db).within(.subtree(of: province)).filter(\.$id != province.requireID()).all()
        let perTask = max(1, min(units.count, (assignments + tasks - 1) / tasks))
        let parser = TimeframeParser(planYear: 2026)
        var document = Domain.Plan()
        document.year = 2026
        document.title = "Kế hoạch đo tốc độ (\(tasks) nhiệm vụ)"
        document.tasks = (0..<tasks).map { i in
            let lead = (0..<perTask).map { units[(i * perTask + $0) % units.count].name }
            let timeframe = i % 3 == 0 ? parser.parse("Hằng tháng") : parser.parse("Tháng \(1 + i % 12)-\(min(12, 3 + i % 12))/2026")
            return PlanTask(no: i + 1, content: "Nhiệm vụ tuyên truyền số \(i + 1): tổ chức hoạt động tuyên truyền cải cách hành chính",
                            product: "Báo cáo kết quả", lead: Array(Set(lead)).sorted(), coordinating: ["Sở Nội vụ"], timeframe: timeframe)
        }
        let today = CalendarDate(year: 2026, month: 1, day: 10) ?? CalendarDate(date: Date(), timeZone: .current)
        let plan = try await PlanService.store(document, issuer: province, sourceName: nil, actor: .system, today: today, now: Date(), on: app.db)
        let result = try await PlanService.issue(plan, .init(number: "99/KH-BENCH", issuedOn: today, signerName: "Đo tốc độ"),
                                                 actor: .system, now: Date(), on: app.db)
        return (try plan.requireID(), result.assignments)
    }
}
