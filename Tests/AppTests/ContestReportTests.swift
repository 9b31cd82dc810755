import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import App
import Domain

/// Contests in the periodic report and on the dashboard: the organiser's report lists the round with all its entrants,
/// the units they came from, the participation and the winners (once, although the published round is also the task's
/// activity); a unit below sees its own entrants against its staff count and its winners; another district sees nothing.
extension ContestFlowTests {
    @Test func theReportAndTheDashboardShowEntrantsParticipationAndWinners() async throws {
        try await withClockedTestApp { app, clock in
            _ = try await DemoPlans.loadIfNone(app: app)
            let district = try await unit("ST-CTH", on: app.db), pnv = try await unit("ST-CTH-PNV", on: app.db)
            let xpt = try await unit("ST-CTH-XPT", on: app.db)
            let plan = try #require(try await App.Plan.query(on: app.db).filter(\.$unit.$id == district.requireID()).filter(\.$status == .issued).first())
            let launching = try #require(try await TaskEntry.query(on: app.db).filter(\.$plan.$id == plan.requireID()).all().first { ContestTask.launches($0.content) })
            var owner = Browser(app)
            try await owner.login("chauthanh.kehoach")
            for (u, staff) in [(pnv, "8"), (xpt, "20")] {
                try await owner.get("/units/\(try u.requireID())/staff")
                #expect(try await owner.post("/units/\(try u.requireID())/staff", [("staff", staff), ("asOf", "01/01/2020")]).status == .seeOther)
            }
            try await owner.get("/contests/new")
            #expect(try await owner.post("/contests", [("title", "Tìm hiểu CCHC huyện"), ("rules", ""), ("consent", "Đồng ý"), ("ask[]", "cccd"),
                                                       ("ask[]", "unit"), ("task", "t:" + (try launching.requireID()).uuidString)]).status == .seeOther)
            let contest = try #require(try await Contest.query(on: app.db).filter(\.$title == "Tìm hiểu CCHC huyện").first())
            let id = try contest.requireID()
            #expect(try await owner.post("/contests/\(id)/questions", [("text", Self.bank)]).status == .seeOther)
            #expect(try await owner.post("/contests/\(id)/rounds", [("opens", AppClock.display(clock.now.addingTimeInterval(-60))),
                ("closes", AppClock.display(clock.now.addingTimeInterval(3_600))), ("minutes", "10"), ("questions", "3"), ("audience", "staff"),
                ("prizes", "2")]).status == .seeOther)
            let right = [("q1", "0"), ("q2", "1"), ("q3", "0"), ("q3", "2")], wrong = [("q1", "1"), ("q2", "0"), ("q3", "1")]
            for (n, (u, answers, name)) in [(pnv, right, "Lê Văn An"), (pnv, wrong, "Trần Thị Bình"), (xpt, right, "Ngô Minh Châu")].enumerated() {
                var b = Browser(app)
                #expect(try await b.post("/thi/\(contest.publicCode)/start", [("name", name), ("cccd", "07900000020\(n)"),
                                                                              ("unit", try u.requireID().uuidString), ("consent", "1")], withCSRF: false).status == .seeOther)
                #expect(try await b.post("/thi/\(contest.publicCode)/nop", answers, withCSRF: false).status == .ok)
            }
            clock.advance(7_200)
            try await owner.login("chauthanh.kehoach")
            try await owner.get("/contests/\(id)")
            #expect(try await owner.post("/contests/\(id)/publish", [("round", "1")]).status == .seeOther)
            let today = clock.appClock.today()
            // The period (of this year or the next, whose year report starts in mid-December) that holds today.
            let (quarter, year) = try #require([today.year, today.year + 1].flatMap { y in ReportPeriod.allCases.map { ($0, y) } }.first { p, y in
                ReportWindow.standard(p, year: y, tier: 1).map { $0.from <= today && today <= $0.to } ?? false
            })
            func section(_ u: App.Unit) async throws -> [[String]] {
                let window = try await ReportCompiler.window(quarter, year: year, unit: u, on: app.db)
                let figures = try await ReportCompiler.compile(unit: u, window: window, today: today, now: clock.now, on: app.db)
                return try #require(figures.sections.first { $0.key == "contests" }).rows
            }
            // The organiser: one row (not a second one for the recorded activity), 3 entrants from 2 units, 3 of 28 staff, the 2 winners.
            let own = try await section(district)
            #expect(own.count == 1, "\(own)")
            let text = try #require(own.first?[1])
            #expect(text.contains("Tìm hiểu CCHC huyện") && text.contains("vòng 1") && text.contains("3 người dự thi từ 2 đơn vị"))
            #expect(text.contains("tỷ lệ tham gia 10,7%"), "3 of 8 + 20: \(text)")
            #expect(text.contains("2 người đạt giải") && text.contains("Lê Văn An") && text.contains("Ngô Minh Châu") && !text.contains("Trần Thị Bình"))
            #expect(own.first?[4] == "3")
            // The office below: its 2 entrants of its 8 staff, its one winner.
            let office = try await section(pnv)
            let line = try #require(office.first?[1])
            #expect(office.count == 1 && line.contains("do \(district.name) tổ chức") && line.contains("2 người của \(pnv.name) dự thi (25,0% của 8 biên chế)"))
            #expect(line.contains("1 người đạt giải: Lê Văn An") && office.first?[4] == "2")
            // Another district: nothing of this contest.
            #expect(try await section(try await unit("ST-VC", on: app.db)).allSatisfy { !$0[1].contains("Tìm hiểu CCHC huyện") })
            // The report page shows it, and the office's dashboard.
            let page = try await owner.get("/reports/\(try district.requireID())/\(year)/\(quarter.rawValue)").body.string
            #expect(page.contains("3 người dự thi từ 2 đơn vị"))
            var clerk = Browser(app)
            try await clerk.login("chauthanh.pnv")
            let dashboard = try await clerk.get("/").body.string
            #expect(dashboard.contains("Cuộc thi năm nay") && dashboard.contains("2 người của \(pnv.name) dự thi"))
        }
    }
}
