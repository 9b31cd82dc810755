import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import App
import Domain

/// The scoring year of a district's communes: the office writes the rule (the shipped Đồng Nai one), previews it
/// against last year's records, computes the table; a commune proposes another score with a reason; the office
/// appraises; the leader approves; a copy for the next year changes nothing published. Units see their own sheet only.
@Suite struct ScoringFlowTests {
    static func day(_ y: Int, _ m: Int, _ d: Int) throws -> CalendarDate { try #require(CalendarDate(year: y, month: m, day: d)) }

    /// One verified activity of `unitCode` on a plan task, and the assignments of that task to it (`done` of `count`).
    static func record(_ app: Application, unitCode: String, year: Int, kind: ActivityKind, channel: ActivityChannel, verified: Bool = true,
                       plan: App.Plan) async throws {
        let unit = try await unit(unitCode, on: app.db)
        let task = try #require(try await TaskEntry.query(on: app.db).filter(\.$plan.$id == plan.requireID()).first())
        let activity = try await ActivityService.contribute(.init(kind: kind, channel: channel, happenedOn: try day(year, 5, 10), title: "\(kind.label) của \(unit.name)", reach: 10),
                                                            upload: nil, unitID: try unit.requireID(), plan: plan, taskID: try task.requireID(), actor: .system,
                                                            storage: app.files, maxBytes: app.config.maxUploadBytes, quota: app.config.unitStorageQuotaBytes, on: app.db)
        if verified {
            activity.review = .verified
            try await activity.update(on: app.db)
        }
    }

    static func assign(_ app: Application, unitCode: String, plan: App.Plan, done: Int, of count: Int) async throws {
        let unit = try await unit(unitCode, on: app.db)
        let tasks = try await TaskEntry.query(on: app.db).filter(\.$plan.$id == plan.requireID()).sort(\.$position).all()
        for i in 0..<count {
            let a = Assignment(planID: try plan.requireID(), taskID: try tasks[i].requireID(), unitID: try unit.requireID(),
                               startsOn: try day(plan.year, 1, 1), dueOn: try day(plan.year, 6, 1 + i % 28))
            if i < done { a.status = .done; a.doneOn = try day(plan.year, 5, 1) }
            try await a.create(on: app.db)
        }
    }

    @Test func aYearIsScoredProposedAppraisedApprovedAndNextYearsRuleChangesNothingPublished() async throws {
        try await withTestApp { app in
            let plan = try await makePlan((1...10).map { ("Nội dung tuyên truyền cải cách hành chính số \($0)", ["Phòng Nội vụ"], "Quý \(1 + $0 % 4)") },
                                          year: 2026, number: "9/KH-UBND", on: app)
            // Phú Tâm: every assignment done, a post on Facebook and a conference, no screen → 1 + 0,25 + 0,5 = 1,75.
            try await Self.assign(app, unitCode: "ST-CTH-XPT", plan: plan, done: 4, of: 4)
            try await Self.record(app, unitCode: "ST-CTH-XPT", year: 2026, kind: .socialPost, channel: .facebook, plan: plan)
            try await Self.record(app, unitCode: "ST-CTH-XPT", year: 2026, kind: .conference, channel: .onSite, plan: plan)
            // An activity still waiting for verification does not count.
            try await Self.record(app, unitCode: "ST-CTH-XPT", year: 2026, kind: .poster, channel: .screen, verified: false, plan: plan)
            // Thuận Hòa: 9 of 10 done but no plan targets measured → 4.1 has no data for its partial award; a leaflet → 0,5.
            try await Self.assign(app, unitCode: "ST-CTH-XTH", plan: plan, done: 9, of: 10)
            try await Self.record(app, unitCode: "ST-CTH-XTH", year: 2026, kind: .leaflet, channel: .onSite, plan: plan)

            var office = Browser(app)
            try await office.login("chauthanh.kehoach")
            #expect(try await office.get("/scoring/new").status == .ok)
            let form: [(String, String)] = [("name", "Tiêu chí tuyên truyền CCHC cấp xã"), ("year", "2026"), ("level", "commune"),
                                            ("kinds[]", "committee"), ("text", ScoringRuleText.dongNaiCommune2022)]
            // A rule with a mistake is refused by line and keeps what was typed.
            let bad = try await office.post("/scoring", form.map { $0.0 == "text" ? ($0.0, $0.1 + "\n4.3 | Thêm | 1 | hoạt động kênh: bồ câu | có") : $0 } + [("action", "save")])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("Dòng 10: không có kênh “bồ câu”") && bad.body.string.contains("Tiêu chí tuyên truyền CCHC cấp xã"))
            // The preview against last year's (2025) data scores every commune of the district and stores nothing.
            let preview = try await office.post("/scoring", form + [("action", "preview")])
            #expect(preview.status == .ok && preview.body.string.contains("theo dữ liệu năm 2025") && preview.body.string.contains("xã Phú Tâm"))
            #expect(try await ScoringRuleSet.query(on: app.db).count() == 0)

            let saved = try await office.post("/scoring", form + [("action", "save")])
            #expect(saved.status == .seeOther)
            let rule = try #require(try await ScoringRuleSet.query(on: app.db).with(\.$issuer).first())
            let ruleID = try rule.requireID()
            #expect(try await office.post("/scoring/\(ruleID)/compute", []).status == .seeOther)
            let sheets = try await ScoreSheet.query(on: app.db).filter(\.$ruleSet.$id == ruleID).with(\.$unit).all()
            let districtPath: String = rule.issuer.path
            let all: [App.Unit] = try await Unit.query(on: app.db).all()
            let communes = all.filter { u in u.level == .commune && u.kind == .committee && u.path.hasPrefix(districtPath) && u.path != districtPath && u.validTo == nil }.count
            #expect(sheets.count == communes && communes > 2)
            let phuTam = try #require(sheets.first { $0.unit.code == "ST-CTH-XPT" })
            let thuanHoa = try #require(sheets.first { $0.unit.code == "ST-CTH-XTH" })
            #expect(phuTam.computed == Decimal(string: "1.75"))
            #expect(thuanHoa.computed == Decimal(string: "0.5"))
            #expect(thuanHoa.card?.noData == ["Tỷ lệ mục tiêu, chỉ tiêu đạt"])

            // The table ranks Phú Tâm first; the communes with nothing share the last rank.
            let table = try await office.get("/scoring/\(ruleID)")
            #expect(table.status == .ok && table.body.string.contains("xã Phú Tâm"))
            let loaded = try await ScoringTable.load(rule, on: app.db)
            #expect(loaded.rows.first?.unitCode == "ST-CTH-XPT" && loaded.rows.first?.rank == 1)
            #expect(loaded.rows.last?.tied == true && loaded.rows.last?.rank == 3)

            // Phú Tâm's own page: where the points came from and what would gain the missing ones.
            var commune = Browser(app)
            try await commune.login("phutam")
            let own = try await commune.get("/scoring/sheets/\(phuTam.requireID())")
            #expect(own.status == .ok)
            #expect(own.body.string.contains("Thêm 1 hoạt động đã xác nhận (bảng điện tử) → +0,25"))
            #expect(own.body.string.contains("Bài trên mạng xã hội của"))
            // … and the assignments 4.1 counted, from the year's plans.
            #expect(own.body.string.contains("Đã hoàn thành · hạn 01/06/2026"))
            // Another commune's sheet is not Phú Tâm's to read or change; nor is the block's table.
            #expect(try await commune.get("/scoring/sheets/\(thuanHoa.requireID())").status == .forbidden)
            #expect(try await commune.post("/scoring/sheets/\(thuanHoa.requireID())/propose", [("points", "2"), ("reason", "Đơn vị khác đề nghị hộ")]).status == .forbidden)
            #expect(try await commune.get("/scoring/\(ruleID)").status == .forbidden)
            #expect(try await commune.post("/scoring/sheets/\(phuTam.requireID())/appraise", [("points", "2"), ("note", "Tự thẩm định")]).status == .forbidden)

            // Self-assessment: a reason is required, and what was typed stays.
            let noReason = try await commune.post("/scoring/sheets/\(phuTam.requireID())/propose", [("points", "2"), ("reason", "Có"), ("links", "")])
            #expect(noReason.status == .unprocessableEntity && noReason.body.string.contains("Nêu lý do"))
            #expect(try await commune.post("/scoring/sheets/\(phuTam.requireID())/propose",
                                           [("points", "2"), ("reason", "Xã có màn hình LED tại bộ phận một cửa, đã đăng tin hằng tuần"),
                                            ("links", "https://phutam.example.vn/led")]).status == .seeOther)

            // The leader cannot approve while the proposal waits.
            var leader = Browser(app)
            try await leader.login("chauthanh.lanhdao")
            #expect(try await leader.get("/scoring/\(ruleID)").status == .ok)
            let early = try await leader.post("/scoring/\(ruleID)/approve", [])
            #expect(early.status == .unprocessableEntity && early.body.string.contains("chưa được thẩm định"), "\(early.status) \(early.body.string.prefix(3000))")
            // The office adjusts with a reason (a score other than the computed one needs one).
            #expect(try await office.post("/scoring/sheets/\(phuTam.requireID())/appraise", [("points", "2"), ("note", "")]).status == .unprocessableEntity)
            #expect(try await office.post("/scoring/sheets/\(phuTam.requireID())/appraise",
                                          [("points", "2"), ("note", "Đã kiểm tra ảnh màn hình LED tại bộ phận một cửa")]).status == .seeOther)
            #expect(try await office.post("/scoring/\(ruleID)/approve", []).status == .forbidden)
            #expect(try await leader.post("/scoring/\(ruleID)/approve", []).status == .seeOther)

            // Every step is in the audit log with who and why.
            let trail = try await AuditEntry.query(on: app.db).filter(\.$entityType == .scoreSheet).filter(\.$entityID == phuTam.requireID().uuidString).all()
            #expect(trail.contains { $0.actorName == "phutam" && $0.summary.contains("màn hình LED") })
            #expect(trail.contains { $0.actorName == "chauthanh.kehoach" && $0.summary.contains("Thẩm định: 2 điểm") })
            #expect(try await AuditEntry.query(on: app.db).filter(\.$entityType == .scoringRule).filter(\.$action == .publish).first()?.actorName == "chauthanh.lanhdao")

            // Approved: frozen. A recompute, an edit and a proposal are refused; the sheet shows its rank.
            #expect(try await office.post("/scoring/\(ruleID)/compute", []).status == .conflict)
            let edit = try await office.post("/scoring/\(ruleID)/edit", form.map { $0.0 == "text" ? ($0.0, $0.1.replacingOccurrences(of: "0,25 | hoạt động kênh: bảng", with: "0,1 | hoạt động kênh: bảng")) : $0 } + [("action", "save")])
            #expect(edit.status == .conflict)
            #expect(try await commune.post("/scoring/sheets/\(phuTam.requireID())/propose", [("points", "1"), ("reason", "Đề nghị lại sau khi đã phê duyệt")]).status == .conflict)
            #expect(try await commune.get("/scoring/sheets/\(phuTam.requireID())").body.string.contains("Hạng 1/"))

            // Next year's rule is a copy: editing it leaves 2026 as published.
            let copied = try await office.post("/scoring/\(ruleID)/copy", [])
            #expect(copied.status == .seeOther)
            let next = try #require(try await ScoringRuleSet.query(on: app.db).filter(\.$year == 2027).first())
            let changed = form.map { p -> (String, String) in
                switch p.0 {
                case "year": return (p.0, "2027")
                case "text": return (p.0, p.1.replacingOccurrences(of: "từ 90%: mục tiêu đạt × 1", with: "từ 80%: 0,5"))
                default: return p
                }
            }
            #expect(try await office.post("/scoring/\(next.requireID())/edit", changed + [("action", "save")]).status == .seeOther)
            let published = try #require(try await ScoringRuleSet.load(ruleID, on: app.db))
            #expect(published.text == ScoringRuleText.dongNaiCommune2022)
            let again = try #require(try await ScoreSheet.find(phuTam.requireID(), on: app.db))
            #expect(again.final == 2 && again.computed == Decimal(string: "1.75"))

            // Exports: a workbook and a Word annex with the units and their final points.
            let xlsx = try await office.get("/scoring/\(ruleID)/table.xlsx")
            #expect(xlsx.status == .ok && xlsx.headers.contentType?.description.contains("spreadsheetml") == true)
            let docx = try await office.get("/scoring/\(ruleID)/table.docx")
            #expect(docx.status == .ok && docx.headers.contentType?.description.contains("wordprocessingml") == true)
            let table2 = try await ScoringTable.document(published, on: app.db)
            #expect(table2.rows.first?.unit.contains("Phú Tâm") == true && table2.rows.first?.final == 2)
            let annex = ScoreTableWriter.xml(table2)
            #expect(annex.contains("PHỤ LỤC") && annex.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") && annex.contains("Đã phê duyệt ngày"))
        }
    }

    @Test func aPlanOwnerOfAnotherDistrictSeesNothingOfThisBlock() async throws {
        try await withTestApp { app in
            let district = try await unit("ST-CTH", on: app.db)
            let rule = try await ScoringService.save(.init(name: "Tiêu chí xã", year: 2026, level: .commune, kinds: [.committee], text: ScoringRuleText.dongNaiCommune2022),
                                                     existing: nil, issuer: district, actor: .system, now: Date(), on: app.db)
            rule.$issuer.value = district
            try await ScoringService.compute(rule, actor: .system, now: Date(), today: try Self.day(2026, 12, 1), on: app.db)
            let sheet = try #require(try await ScoreSheet.query(on: app.db).filter(\.$ruleSet.$id == rule.requireID()).first())
            var other = Browser(app)
            try await other.login("vinhchau.kehoach")
            #expect(try await other.get("/scoring/\(rule.requireID())").status == .forbidden)
            #expect(try await other.get("/scoring/sheets/\(sheet.requireID())").status == .forbidden)
            #expect(try await other.post("/scoring/\(rule.requireID())/compute", []).status == .forbidden)
            #expect(try await other.post("/scoring/sheets/\(sheet.requireID())/appraise", [("points", "0"), ("note", "Không phải khối của tôi")]).status == .forbidden)
            #expect(!(try await other.get("/scoring").body.string.contains("Tiêu chí xã")))

            // The API says the same: the district's office lists the rule and reads its ranked table and a sheet;
            // the other district's token gets an empty list and 403s.
            func token(_ name: String) async throws -> String {
                let user = try #require(try await User.query(on: app.db).filter(\.$username == name).first())
                return try await APITokenService.create(on: app.db, user: user, name: "tích hợp", days: 5, actor: .system, now: Date())
            }
            let own = try await token("chauthanh.kehoach"), foreign = try await token("vinhchau.kehoach")
            func get(_ path: String, _ token: String) async throws -> TestingHTTPResponse {
                try await app.testing().sendRequest(.GET, path, headers: ["Authorization": "Bearer \(token)"])
            }
            let list = try await get("/api/v1/scoring", own)
            #expect(list.status == .ok)
            let items = try list.content.decode(ScoringAPIController.RuleList.self).items
            #expect(items.map(\.id) == [try rule.requireID()] && items.first?.maxPoints == 2)
            let table = try await get("/api/v1/scoring/\(rule.requireID())", own)
            let rows = try table.content.decode(ScoringAPIController.Table.self).rows
            #expect(table.status == .ok && rows.contains { $0.sheetID == sheet.id } && rows.allSatisfy { $0.rank >= 1 })
            #expect(try await get("/api/v1/scoring/sheets/\(sheet.requireID())", own).status == .ok)
            #expect(try await get("/api/v1/scoring", foreign).content.decode(ScoringAPIController.RuleList.self).items.isEmpty)
            #expect(try await get("/api/v1/scoring/\(rule.requireID())", foreign).status == .forbidden)
            #expect(try await get("/api/v1/scoring/sheets/\(sheet.requireID())", foreign).status == .forbidden)
        }
    }
}
