import Fluent
import Foundation
import Vapor

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

    public static func anyGroupID(on app: Application) async throws -> UUID {
        guard let id = try await UnitGroup.query(on: app.db).first()?.id else { throw Abort(.notFound) }
        return id
    }

    public static func phone(of unitID: UUID, on app: Application) async throws -> String? {
        try await Unit.find(unitID, on: app.db)?.phone
    }

    /// The phone numbers the audit log holds as saved values (one entry per acknowledged contact save).
    public static func auditedPhones(on app: Application) async throws -> [String] {
        try await AuditEntry.query(on: app.db).filter(\.$entityType == "unit").filter(\.$action == "update").all()
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
}
