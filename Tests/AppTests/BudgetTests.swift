import Fluent
import Foundation
import Testing
import Vapor
@testable import App
import Domain

/// Estimates by the lead units, appraisal by the finance office, approval by the committee; totals.
@Suite struct BudgetTests {
    @Test func aUnitEstimatesFinanceAppraisesTheCommitteeApproves() async throws {
        try await withTestApp { app in
            try await DemoPlans.loadIfNone(app: app)
            let plan = try #require(try await App.Plan.query(on: app.db).filter(\.$number == "23/KH-UBND").with(\.$unit).first())
            let planID = try plan.requireID()
            let pnv = try await unit("ST-CTH-PNV", on: app.db)
            let finance = try await unit("ST-CTH-PTCKH", on: app.db)
            let own = try #require(try await Assignment.query(on: app.db).filter(\.$plan.$id == planID).filter(\.$unit.$id == pnv.requireID()).first())
            let clerk = User(username: "ketoan.chauthanh", passwordHash: try await AuthService.hash(testPassword, cost: 4), fullName: "Chuyên viên Phòng Tài chính",
                             role: .reporter, unitID: try finance.requireID())
            try await clerk.create(on: app.db)

            var office = Browser(app)
            try await office.login("chauthanh.pnv")
            let page = try await office.get("/plans/\(planID)/budget")
            #expect(page.body.string.contains("Lập dự toán cho nhiệm vụ của đơn vị"))
            let bad = try await office.post("/plans/\(planID)/budget", [("assignmentID", own.id?.uuidString ?? ""), ("amount", "mười triệu")])
            #expect(bad.status == .unprocessableEntity)
            #expect(try await office.post("/plans/\(planID)/budget", [("assignmentID", own.id?.uuidString ?? ""), ("amount", "15.000.000"),
                                                                     ("source", "state_budget"), ("scope", "province_wide")]).status == .seeOther)
            #expect(try await office.post("/plans/\(planID)/budget", [("assignmentID", own.id?.uuidString ?? ""), ("amount", "2 500 000"),
                                                                     ("source", "other"), ("scope", "internal")]).status == .seeOther)
            // Another office cannot estimate for this one.
            var centre = Browser(app)
            try await centre.login("chauthanh.ttvh")
            try await centre.get("/plans/\(planID)/budget")
            #expect(try await centre.post("/plans/\(planID)/budget", [("assignmentID", own.id?.uuidString ?? ""), ("amount", "1000")]).status == .forbidden)

            let estimates = try await CostEstimate.query(on: app.db).filter(\.$plan.$id == planID).sort(\.$amount, .descending).all()
            #expect(estimates.map(\.amount) == [15_000_000, 2_500_000])
            let (big, small) = (try estimates[0].requireID(), try estimates[1].requireID())

            // Nobody appraises before the plan owner names the finance office.
            var owner = Browser(app)
            try await owner.login("chauthanh.kehoach")
            try await owner.get("/plans/\(planID)/budget")
            #expect(try await owner.post("/plans/\(planID)/budget/finance", [("unit", "ST-CTH-PTCKH")]).status == .seeOther)
            var clerkBrowser = Browser(app)
            try await clerkBrowser.login("ketoan.chauthanh")
            try await clerkBrowser.get("/plans/\(planID)/budget")
            // The approval waits for the appraisal; a return needs a reason.
            var leader = Browser(app)
            try await leader.login("chauthanh.lanhdao")
            try await leader.get("/plans/\(planID)/budget")
            #expect(try await leader.post("/plans/\(planID)/budget/\(big)/review", [("action", "approve")]).status == .conflict)
            #expect(try await clerkBrowser.post("/plans/\(planID)/budget/\(big)/review", [("action", "appraise")]).status == .seeOther)
            #expect(try await clerkBrowser.post("/plans/\(planID)/budget/\(small)/review", [("action", "reject")]).status == .unprocessableEntity)
            #expect(try await clerkBrowser.post("/plans/\(planID)/budget/\(small)/review", [("action", "reject"), ("note", "Thiếu thuyết minh")]).status == .seeOther)
            #expect(try await office.post("/plans/\(planID)/budget/\(big)/review", [("action", "approve")]).status == .forbidden)
            #expect(try await leader.post("/plans/\(planID)/budget/\(big)/review", [("action", "approve")]).status == .seeOther)

            #expect(try await CostEstimate.find(big, on: app.db)?.status == .approved)
            #expect(try await CostEstimate.find(small, on: app.db)?.status == .returned)
            let totals = try await owner.get("/plans/\(planID)/budget")
            #expect(totals.body.string.contains("17.500.000 đ"))
            #expect(totals.body.string.contains("Ngân sách nhà nước"))
            #expect(totals.body.string.contains("Thiếu thuyết minh"))
            let log = try await AuditEntry.query(on: app.db).filter(\.$entityType == .costEstimate).count()
            #expect(log == 5)
        }
    }
}
