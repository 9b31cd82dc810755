import Fluent
import Foundation
import Testing
@testable import App
import Domain

@Suite struct DemoPlansTests {
    @Test func theDemoHasTheThreeRealPlansIssuedAndLinked() async throws {
        try await withTestApp { app in
            #expect(try await DemoPlans.loadIfNone(app: app) == 3)
            let plans = try await App.Plan.query(on: app.db).with(\.$unit).all()
            #expect(plans.count == 3)
            #expect(plans.allSatisfy { $0.status == .issued })
            let province = try #require(plans.first { $0.unit.code == "ST" })
            let district = try #require(plans.first { $0.unit.code == "ST-CTH" })
            #expect(district.$parentPlan.id == province.id)
            #expect(district.number == "23/KH-UBND")
            for plan in plans {
                #expect(try await Assignment.query(on: app.db).filter(\.$plan.$id == plan.requireID()).count() > 0, "\(plan.title)")
            }
            // The assignments as CSV: a header and one line per assignment.
            var admin = Browser(app)
            try await admin.login("admin")
            let csv = try await admin.get("/plans/\(district.requireID())/assignments.csv")
            #expect(csv.headers.contentType?.subType == "csv")
            let lines = csv.body.string.split(whereSeparator: \.isNewline)
            #expect(lines.first?.contains("Đơn vị chủ trì") == true)
            #expect(lines.count - 1 == (try await Assignment.query(on: app.db).filter(\.$plan.$id == district.requireID()).count()))
            // The list: filters by year, level, status and issuer; search ignores case and diacritics, in plans and their tasks.
            func listed(_ query: String) async throws -> Set<String> {
                let body = try await admin.get("/plans?" + query).body.string
                return Set(plans.compactMap { p in body.contains(p.id?.uuidString ?? "-") ? p.number : nil })
            }
            #expect(try await listed("") == ["19/KH-UBND", "23/KH-UBND", "05/KH-UBND"])
            #expect(try await listed("year=2024") == ["05/KH-UBND"])
            #expect(try await listed("level=district") == ["23/KH-UBND"])
            #expect(try await listed("level=commune&year=2025").isEmpty)
            #expect(try await listed("status=draft").isEmpty)
            #expect(try await listed("issuer=chau+thanh") == ["23/KH-UBND"])
            #expect(try await listed("issuer=ST") == ["19/KH-UBND"])
            let withContest = Set(try await TaskEntry.query(on: app.db).all().filter { VietnameseText.fold($0.content).contains("hoi thi") }
                .map { $0.$plan.id }).compactMap { id in plans.first { $0.id == id }?.number }
            #expect(!withContest.isEmpty)
            #expect(try await listed("q=H%E1%BB%98I+THI") == Set(withContest))
            #expect(try await listed("q=hoi+thi") == Set(withContest))
            // A second start adds nothing.
            #expect(try await DemoPlans.loadIfNone(app: app) == 0)
            var b = Browser(app)
            try await b.login("chauthanh.pnv")
            let work = try await b.get("/work")
            #expect(work.body.string.contains("23/KH-UBND"))
        }
    }

    /// The current year in today's structure: the new city's plan of 2026 issued to its communes after the demo's
    /// restructuring; a new commune's account finds the work it leads.
    @Test func theCityPlanOfTheCurrentYearReachesTheNewCommunes() async throws {
        try await withTestApp { app in
            try await DemoPlans.loadIfNone(app: app)
            try await DemoRestructuring.applyIfNone(app: app)
            #expect(try await DemoPlans.loadCityPlanIfNone(app: app))
            #expect(try await !DemoPlans.loadCityPlanIfNone(app: app)) // once
            let city = try #require(try await Unit.query(on: app.db).filter(\.$code == "CT").first())
            let plan = try #require(try await App.Plan.query(on: app.db).filter(\.$unit.$id == city.requireID()).first())
            #expect(plan.status == .issued && plan.year == 2026 && plan.number == "18/KH-UBND")
            #expect(plan.title.contains("dữ liệu mẫu"))
            #expect(try await TaskEntry.query(on: app.db).filter(\.$plan.$id == plan.requireID()).count() == 9)
            // "UBND các xã, phường" leads two tasks: one assignment for each of the 103 communes and wards, each.
            let phutam = try #require(try await Unit.query(on: app.db).filter(\.$code == "CT-X-PHUTAM").first())
            let own = try await Assignment.query(on: app.db).filter(\.$plan.$id == plan.requireID())
                .filter(\.$unit.$id == phutam.requireID()).count()
            #expect(own == 2)
            #expect(try await Assignment.query(on: app.db).filter(\.$plan.$id == plan.requireID()).count() >= 2 * 103)
            var b = Browser(app)
            try await b.login("phutam.kehoach")
            let work = try await b.get("/work")
            #expect(work.body.string.contains("18/KH-UBND"))
        }
    }
}
