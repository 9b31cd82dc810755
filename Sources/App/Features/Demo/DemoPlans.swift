import Domain
import Fluent
import Vapor

/// The demo's plans: the Sóc Trăng province plan of 2025, Châu Thành's plan implementing it, and a commune's
/// plan of 2024, read from the real documents in Resources/Demo and issued, so a newcomer sees plans with their
/// assignments; after the 2025 restructuring, the new thành phố Cần Thơ's plan of 2026 for its communes.
/// Names the registry cannot place are marked "no specific unit" before issuing.
enum DemoPlans {
    struct Source {
        let file: String
        let unitCode: String
        let number: String
        let issuedOn: CalendarDate?
        let signer: String
        /// The file of the plan this one implements.
        let parent: String?
    }

    static let sources: [Source] = [
        Source(file: "ke-hoach-soc-trang-2025.txt", unitCode: "ST", number: "19/KH-UBND", issuedOn: CalendarDate(year: 2025, month: 1, day: 22),
               signer: "Lâm Hoàng Nghiệp", parent: nil),
        Source(file: "ke-hoach-chau-thanh-2025.txt", unitCode: "ST-CTH", number: "23/KH-UBND", issuedOn: CalendarDate(year: 2025, month: 2, day: 14),
               signer: "Trần Văn Lâu", parent: "ke-hoach-soc-trang-2025.txt"),
        Source(file: "ke-hoach-xa-phu-tam-2024.txt", unitCode: "ST-CTH-XPT", number: "05/KH-UBND", issuedOn: CalendarDate(year: 2024, month: 1, day: 22),
               signer: "Nguyễn Văn Tâm", parent: nil),
    ]

    /// The current year's plan in today's structure: the new thành phố Cần Thơ's plan of 2026 for its departments and
    /// communes (a document written for the demo; its title says so).
    static let city = Source(file: "ke-hoach-can-tho-2026.txt", unitCode: "CT", number: "18/KH-UBND",
                             issuedOn: CalendarDate(year: 2026, month: 1, day: 20), signer: "Nguyễn Văn Mẫu", parent: nil)

    /// Loads the demo plans when there is none yet; returns how many were loaded.
    @discardableResult
    static func loadIfNone(app: Application) async throws -> Int {
        guard try await Plan.query(on: app.db).count() == 0 else { return 0 }
        var loaded: [String: Plan] = [:]
        for source in sources {
            if let plan = try await load(source, parentPlanID: source.parent.flatMap { loaded[$0]?.id }, app: app) { loaded[source.file] = plan }
        }
        return loaded.count
    }

    /// Loads the city's plan of the current year once the registry has the new city and the plan is not there yet.
    @discardableResult
    static func loadCityPlanIfNone(app: Application) async throws -> Bool {
        guard let unit = try await Unit.query(on: app.db).filter(\.$code == city.unitCode).first(),
              try await Plan.query(on: app.db).filter(\.$unit.$id == unit.requireID()).count() == 0 else { return false }
        return try await load(city, parentPlanID: nil, app: app) != nil
    }

    /// Reads, stores and issues one demo plan; names the registry cannot place are marked "no specific unit".
    static func load(_ source: Source, parentPlanID: UUID?, app: Application) async throws -> Plan? {
        let db = app.db
        guard let unit = try await Unit.query(on: db).filter(\.$code == source.unitCode).first(),
              let issuedOn = source.issuedOn else { return nil }
        let document = try PlanImporter().importFile(at: app.directory.resourcesDirectory + "Demo/" + source.file)
        let plan = try await PlanService.store(document, issuer: unit, sourceName: source.file, parentPlanID: parentPlanID, actor: .system,
                                               today: issuedOn, now: app.clock.now(), on: db)
        try await db.write { db in
            for link in try await TaskUnit.query(on: db).filter(\.$plan.$id == plan.requireID()).all()
            where link.needsUnit {
                link.apply(UnitResolution(unitID: nil, groupID: nil, match: .ignored, confidence: 1))
                try await link.save(on: db)
            }
        }
        _ = try await PlanService.issue(plan, .init(number: source.number, issuedOn: issuedOn, signerAuthority: "TM. ỦY BAN NHÂN DÂN",
                                                    signerTitle: "CHỦ TỊCH", signerName: source.signer),
                                        actor: .system, now: app.clock.now(), on: db)
        return plan
    }
}
