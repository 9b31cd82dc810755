import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import App
import Domain

/// Staff counts in the registry: typed by whoever manages the unit, imported from CSV all or nothing within the
/// importer's scope, each change in the audit log; a contest's collective ranking divides by the count in force on the
/// round's opening day and is frozen with the published results.
@Suite struct StaffCountTests {
    @Test func countsAreTypedAndImportedWithinScope() async throws {
        try await withTestApp { app in
            let commune = try await unit("ST-CTH-XPT", on: app.db), office = try await unit("ST-CTH-PNV", on: app.db)
            let communeID = try commune.requireID(), officeID = try office.requireID()
            var owner = Browser(app)
            try await owner.login("chauthanh.kehoach")
            try await owner.get("/units/\(communeID)/staff")
            // A count that is not a number is refused with the reason, and the date typed is kept.
            let bad = try await owner.post("/units/\(communeID)/staff", [("staff", "mười hai"), ("asOf", "15/03/2025")])
            #expect(bad.status == .unprocessableEntity && bad.body.string.contains("Hãy nhập số biên chế") && bad.body.string.contains("15/03/2025"))
            let badDate = try await owner.post("/units/\(communeID)/staff", [("staff", "12"), ("asOf", "31/02/2025")])
            #expect(badDate.status == .unprocessableEntity && badDate.body.string.contains("ngày/tháng/năm"))
            #expect(try await UnitStaffCount.query(on: app.db).count() == 0)
            #expect(try await owner.post("/units/\(communeID)/staff", [("staff", "1.250"), ("asOf", "01/01/2025")]).status == .seeOther)
            let page = try await owner.get("/units/\(communeID)/staff").body.string
            #expect(page.contains("1250 người (từ ngày 01/01/2025)"))
            #expect(try await owner.get("/units/\(communeID)").body.string.contains("Số biên chế (1250 người)"))

            // The commune's own reporter reads the count but cannot change it; another district's plan owner neither.
            var reporter = Browser(app)
            try await reporter.login("phutam")
            #expect(try await reporter.get("/units/\(communeID)/staff").status == .ok)
            #expect(try await reporter.post("/units/\(communeID)/staff", [("staff", "1"), ("asOf", "01/01/2025")]).status == .forbidden)
            var other = Browser(app)
            try await other.login("vinhchau.kehoach")
            #expect(try await other.post("/units/\(communeID)/staff", [("staff", "1"), ("asOf", "01/01/2025")]).status == .forbidden)
            #expect(try await other.get("/units/\(communeID)/staff").status == .forbidden)

            // A file with a unit of another district and an unknown code stores nothing, and says which lines.
            try await owner.get("/units/staff-import")
            let refused = try await owner.postMultipart("/units/staff-import", fileField: "file", filename: "bien-che.csv", content: """
                Mã đơn vị,Số biên chế,Tính đến ngày
                ST-CTH-PNV,12,01/01/2026
                ST-VC,40,01/01/2026
                ST-KHONG-CO,5,01/01/2026
                """)
            let text = refused.body.string
            #expect(refused.status == .unprocessableEntity && text.contains("Dòng 3: đơn vị") && text.contains("Dòng 4: không có đơn vị mã"))
            #expect(try await UnitStaffCount.query(on: app.db).count() == 1)
            let wrongType = try await owner.postMultipart("/units/staff-import", fileField: "file", filename: "bien-che.xlsx", content: "x")
            #expect(wrongType.status == .unprocessableEntity && wrongType.body.string.contains("Chỉ nhận tệp .csv"))
            // A good file: a new count for the office, the commune's count of the same day replaced, a later one added.
            let saved = try await owner.postMultipart("/units/staff-import", fileField: "file", filename: "bien-che.csv", content: """
                ma,bien_che,ngay
                ST-CTH-PNV,12,01/01/2026
                st-cth-xpt,30,01/01/2025
                ST-CTH-XPT,32,01/07/2026
                """)
            #expect(saved.status == .ok && saved.body.string.contains("Đã lưu số biên chế của 3 dòng"))
            let counts = try await StaffCountService.counts(of: [communeID, officeID], on: app.db)
            #expect(StaffCountCSV.inForce(counts[communeID] ?? [], on: try #require(CalendarDate("2026-03-01"))) == 30)
            #expect(StaffCountCSV.inForce(counts[communeID] ?? [], on: try #require(CalendarDate("2026-07-01"))) == 32)
            #expect(StaffCountCSV.inForce(counts[officeID] ?? [], on: try #require(CalendarDate("2025-12-31"))) == nil)
            let log = try await AuditEntry.query(on: app.db).filter(\.$entityType == .staffCount).all()
            #expect(log.count == 4 && log.filter { $0.action == .update }.count == 1)
            #expect(log.contains { $0.action == .update && ($0.before ?? "").contains("1250") && ($0.after ?? "").contains("30") })
        }
    }

    @Test func collectiveRankingDividesByTheCountInForceAndIsFrozenWhenPublished() async throws {
        try await withClockedTestApp { app, clock in
            let xpt = try await unit("ST-CTH-XPT", on: app.db), ttr = try await unit("ST-CTH-TTR", on: app.db)
            let pnv = try await unit("ST-CTH-PNV", on: app.db), ttvh = try await unit("ST-CTH-TTVH", on: app.db)
            var owner = Browser(app)
            try await owner.login("chauthanh.kehoach")
            for (u, staff, date) in [(xpt, "4", "01/01/2020"), (xpt, "100", "01/01/2100"), (ttr, "10", "01/01/2020"), (pnv, "10", "01/06/2021")] {
                try await owner.get("/units/\(try u.requireID())/staff")
                #expect(try await owner.post("/units/\(try u.requireID())/staff", [("staff", staff), ("asOf", date)]).status == .seeOther)
            }
            try await owner.get("/contests/new")
            #expect(try await owner.post("/contests", [("title", "Hội thi CCHC"), ("rules", "Thể lệ"), ("consent", "Đồng ý"),
                                                       ("ask[]", "cccd"), ("ask[]", "unit")]).status == .seeOther)
            let contest = try #require(try await Contest.query(on: app.db).filter(\.$title == "Hội thi CCHC").first())
            let id = try contest.requireID()
            #expect(try await owner.post("/contests/\(id)/questions", [("text", ContestFlowTests.bank)]).status == .seeOther)
            #expect(try await owner.post("/contests/\(id)/rounds", [("opens", AppClock.display(clock.now.addingTimeInterval(-60))),
                ("closes", AppClock.display(clock.now.addingTimeInterval(3_600))), ("minutes", "10"), ("questions", "3"), ("audience", "staff")]).status == .seeOther)
            let right = [("q1", "0"), ("q2", "1"), ("q3", "0"), ("q3", "2")], oneRight = [("q1", "0"), ("q2", "0"), ("q3", "1")]
            for (n, (u, answers)) in [(xpt, right), (xpt, oneRight), (pnv, right), (ttvh, oneRight)].enumerated() {
                var b = Browser(app)
                #expect(try await b.post("/thi/\(contest.publicCode)/start", [("name", "Người thi \(n)"), ("cccd", "07900000010\(n)"),
                                                                              ("unit", try u.requireID().uuidString), ("consent", "1")], withCSRF: false).status == .seeOther)
                #expect(try await b.post("/thi/\(contest.publicCode)/nop", answers, withCSRF: false).status == .ok)
            }
            let round = try #require(try await ContestRound.query(on: app.db).filter(\.$contest.$id == id).first())
            let rows = try await ContestService.shown(of: round, now: clock.now, on: app.db).units
            func row(_ u: App.Unit) -> ContestService.CollectiveRow? { rows.first { $0.unit == u.name } }
            /// Block | rank | entrants | staff | rate | mean, as the page's table shows them.
            func line(_ u: App.Unit) -> String? { row(u).map { "\($0.block)|\($0.rank)|\($0.entrants)|\($0.staff.map(String.init) ?? "-")|\($0.rate)|\($0.mean)" } }
            // Phú Tâm: 2 of the 4 counted on the opening day (the 100 from 2100 is not yet in force); mean of 3/3 and 1/3.
            #expect(line(xpt) == "\(ContestCollective.Block.communes.label)|1|2|4|50,00%|66,7%")
            // Nobody from the township: listed with 0%, after Phú Tâm in the communes' block.
            #expect(line(ttr) == "\(ContestCollective.Block.communes.label)|2|0|10|0,00%|—")
            #expect(line(pnv) == "\(ContestCollective.Block.agencies.label)|1|1|10|10,00%|100,0%")
            // A unit without a count is listed without a rate.
            #expect(line(ttvh) == "\(ContestCollective.Block.publicService.label)|1|1|-|—|33,3%")
            #expect(row(try await unit("ST-VC", on: app.db)) == nil, "units outside the organiser are not listed")
            let page = try await owner.get("/contests/\(id)").body.string
            #expect(page.contains("Xếp hạng tập thể") && page.contains("50,00%"))

            // Published, then the count is corrected: the published ranking stays as it was.
            clock.advance(7_200)
            try await owner.login("chauthanh.kehoach") // two hours later: the session has run out
            try await owner.get("/contests/\(id)")
            #expect(try await owner.post("/contests/\(id)/publish", [("round", "1")]).status == .seeOther)
            try await owner.get("/units/\(try xpt.requireID())/staff")
            #expect(try await owner.post("/units/\(try xpt.requireID())/staff", [("staff", "8"), ("asOf", "01/01/2020")]).status == .seeOther)
            let published = try #require(try await ContestRound.find(round.requireID(), on: app.db))
            #expect(try await ContestService.shown(of: published, now: clock.now, on: app.db).units.first { $0.unit == xpt.name }?.rate == "50,00%")
            // The same through the API, for the organiser's account; another district's is refused.
            func token(_ username: String) async throws -> String {
                let user = try #require(try await User.query(on: app.db).filter(\.$username == username).first())
                return try await APITokenService.create(on: app.db, user: user, name: "api", days: 1, actor: .system, now: Date())
            }
            let api = try await app.testing().sendRequest(.GET, "/api/v1/contests/\(id)/results", headers: ["Authorization": "Bearer \(try await token("chauthanh.kehoach"))"])
            let json = try #require(try JSONSerialization.jsonObject(with: Data(api.body.readableBytesView)) as? [String: Any])
            let apiRound = try #require((json["rounds"] as? [[String: Any]])?.first)
            #expect(apiRound["publishedVersion"] as? Int == 1 && (apiRound["results"] as? [Any])?.count == 4)
            #expect((apiRound["collective"] as? [[String: Any]])?.contains { $0["unit"] as? String == xpt.name && $0["rate"] as? String == "50,00%" } == true)
            let list = try await app.testing().sendRequest(.GET, "/api/v1/contests", headers: ["Authorization": "Bearer \(try await token("chauthanh.kehoach"))"])
            #expect(list.status == .ok && list.body.string.contains("Hội thi CCHC"))
            let foreign = try await app.testing().sendRequest(.GET, "/api/v1/contests/\(id)/results", headers: ["Authorization": "Bearer \(try await token("vinhchau.kehoach"))"])
            #expect(foreign.status == .forbidden)
            let xlsx = try await owner.get("/contests/\(id)/results.xlsx")
            let zip = try #require(String(data: Data(xlsx.body.readableBytesView), encoding: .isoLatin1))
            #expect(xlsx.status == .ok && zip.contains("sheet2.xml"))
        }
    }
}
