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
            // A second start adds nothing.
            #expect(try await DemoPlans.loadIfNone(app: app) == 0)
            var b = Browser(app)
            try await b.login("chauthanh.pnv")
            let work = try await b.get("/work")
            #expect(work.body.string.contains("23/KH-UBND"))
        }
    }
}
