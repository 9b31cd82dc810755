import Fluent
import Foundation
import Testing
import Vapor
@testable import App
import Domain

/// Periodic reports on the real Châu Thành plan of 2025: a year of recorded work, the offices' four reports, the
/// district's consolidated one, the workflow and the documents.
@Suite struct ReportTests {
    static func day(_ y: Int, _ m: Int, _ d: Int) -> CalendarDate { CalendarDate(year: y, month: m, day: d)! }

    struct Recorded {
        let unit: String
        let day: CalendarDate
        let reach: Int
    }

    /// What the records say for a unit and a window, counted here row by row (not by the compiler's queries).
    static func expectedWork(_ assignments: [Assignment], unitID: UUID, window: ReportWindow, today: CalendarDate) -> WorkProgress {
        let asOf = min(window.to, today)
        var w = WorkProgress()
        for a in assignments where a.$unit.id == unitID && window.contains(a.dueOn) {
            if a.status == .cancelled { w.cancelled += 1; continue }
            if a.status == .done, let done = a.doneOn, done <= asOf {
                if done <= a.dueOn { w.doneOnTime += 1 } else { w.doneLate += 1 }
            } else if a.dueOn < asOf { w.overdue += 1 } else { w.open += 1 }
        }
        return w
    }

    @Test func aYearOfWorkAddsUpInEveryPeriodAndInTheDistrictReport() async throws {
        try await withTestApp { app in
            #expect(try await DemoPlans.loadIfNone(app: app) == 3)
            let district = try await unit("ST-CTH", on: app.db)
            let plan = try #require(try await App.Plan.query(on: app.db).filter(\.$unit.$id == district.requireID()).first())
            let interior = try await unit("ST-CTH-PNV", on: app.db), culture = try await unit("ST-CTH-TTVH", on: app.db)
            var all = try await Assignment.query(on: app.db).sort(\.$dueOn).all()
            let own = all.filter { [interior.id, culture.id].contains($0.$unit.id) && $0.dueOn >= Self.day(2025, 1, 1) && $0.dueOn <= Self.day(2025, 12, 10) }
            try #require(own.count >= 2, "the two offices have work due in 2025 from the province's and the district's plans")
            // One assignment done on time, one late.
            try await ActivityService.complete(own[0], justification: "Đã treo băng rôn", today: try #require(own[0].dueOn.adding(days: -3)),
                                               actor: .system, on: app.db)
            try await ActivityService.complete(own[1], justification: "Làm muộn", today: try #require(own[1].dueOn.adding(days: 4)), actor: .system, on: app.db)
            // Every assignment in the database: the province's plan gives the district's units work too.
            all = try await Assignment.query(on: app.db).all()

            // Activities through the year, on the boundaries too: 14/03 is Q1, 15/03 only the half-year; 15/12/2024 opens
            // the 2025 year, 15/12/2025 belongs to 2026.
            let recorded = [
                Recorded(unit: "ST-CTH-PNV", day: Self.day(2025, 1, 10), reach: 100), Recorded(unit: "ST-CTH-PNV", day: Self.day(2025, 3, 14), reach: 50),
                Recorded(unit: "ST-CTH-PNV", day: Self.day(2025, 3, 15), reach: 30), Recorded(unit: "ST-CTH-PNV", day: Self.day(2025, 7, 20), reach: 10),
                Recorded(unit: "ST-CTH-PNV", day: Self.day(2025, 12, 14), reach: 5), Recorded(unit: "ST-CTH-PNV", day: Self.day(2025, 12, 15), reach: 7),
                Recorded(unit: "ST-CTH-TTVH", day: Self.day(2024, 12, 15), reach: 20), Recorded(unit: "ST-CTH-TTVH", day: Self.day(2025, 9, 1), reach: 40),
                Recorded(unit: "ST-CTH-TTVH", day: Self.day(2025, 9, 15), reach: 60),
            ]
            let task = try #require(try await TaskEntry.query(on: app.db).filter(\.$plan.$id == plan.requireID()).first())
            for (i, r) in recorded.enumerated() {
                let u = try await unit(r.unit, on: app.db)
                _ = try await ActivityService.contribute(.init(kind: i % 2 == 0 ? .newsArticle : .radioSegment, channel: i % 2 == 0 ? .portal : .radio,
                                                               happenedOn: r.day, title: "Tin bài \(i + 1)", reach: r.reach, cost: 100_000),
                                                         upload: nil, unitID: try u.requireID(), plan: plan, taskID: try task.requireID(), actor: .system,
                                                         storage: app.files, maxBytes: app.config.maxUploadBytes, quota: app.config.unitStorageQuotaBytes, on: app.db)
            }
            let today = Self.day(2025, 12, 20)
            var officeFigures: [String: [ReportPeriod: ReportFigures]] = [:]
            for office in [interior, culture] {
                for period in ReportPeriod.allCases {
                    let window = try await ReportCompiler.window(period, year: 2025, unit: office, on: app.db)
                    let figures = try await ReportCompiler.compile(unit: office, window: window, today: today, on: app.db)
                    let mine = recorded.filter { $0.unit == office.code && window.contains($0.day) }
                    #expect(figures.activities == mine.count, "\(office.code) \(period)")
                    #expect(figures.reach == mine.reduce(0) { $0 + $1.reach }, "\(office.code) \(period)")
                    #expect(figures.cost == Int64(mine.count) * 100_000)
                    #expect(figures.work == Self.expectedWork(all, unitID: try office.requireID(), window: window, today: today), "\(office.code) \(period)")
                    #expect(figures.plans.contains { $0.number == "23/KH-UBND" } || figures.work.assigned == 0)
                    officeFigures[office.code, default: [:]][period] = figures
                }
            }
            // The boundaries, spelled out.
            #expect(officeFigures["ST-CTH-PNV"]?[.q1]?.activities == 2)
            #expect(officeFigures["ST-CTH-PNV"]?[.half]?.activities == 3)
            #expect(officeFigures["ST-CTH-PNV"]?[.q3]?.activities == 1)
            #expect(officeFigures["ST-CTH-PNV"]?[.year]?.activities == 5)
            #expect(officeFigures["ST-CTH-TTVH"]?[.q1]?.activities == 1)
            #expect(officeFigures["ST-CTH-TTVH"]?[.q3]?.activities == 1)
            let yearDone = (officeFigures["ST-CTH-PNV"]?[.year]?.work.done ?? 0) + (officeFigures["ST-CTH-TTVH"]?[.year]?.work.done ?? 0)
            let yearLate = (officeFigures["ST-CTH-PNV"]?[.year]?.work.doneLate ?? 0) + (officeFigures["ST-CTH-TTVH"]?[.year]?.work.doneLate ?? 0)
            #expect(yearDone == 2 && yearLate == 1)

            // The offices write and submit their four reports; the district's consolidated report adds them up.
            let clerk = try #require(try await User.query(on: app.db).filter(\.$username == "chauthanh.pnv").with(\.$unit).first())
            let clerkViewer = try await Viewer.load(user: clerk, unit: clerk.unit, on: app.db)
            for period in ReportPeriod.allCases {
                try await ReportService.saveNarrative(.init(number: nil, results: "Hoàn thành các nhiệm vụ \(period.label)", limitations: "", proposals: ""),
                                                      viewer: clerkViewer, unit: interior, year: 2025, period: period, now: Date(), on: app.db)
                try await ReportService.submit(viewer: clerkViewer, unit: interior, year: 2025, period: period, now: Date(),
                                               today: period == .q3 ? Self.day(2025, 9, 30) : Self.day(2025, period.lastMonth, 14), on: app.db)
            }
            let submitted = try #require(try await ReportService.find(unitID: interior.requireID(), year: 2025, period: .q3, on: app.db))
            #expect(submitted.status == .submitted && submitted.submittedLate == true)
            #expect(try await ReportService.find(unitID: interior.requireID(), year: 2025, period: .q1, on: app.db)?.submittedLate == false)

            for period in ReportPeriod.allCases {
                let window = try await ReportCompiler.window(period, year: 2025, unit: district, on: app.db)
                let figures = try await ReportCompiler.compile(unit: district, window: window, today: today, on: app.db)
                let pnv = try #require(figures.children.first { $0.name == interior.name })
                let ttvh = try #require(figures.children.first { $0.name == culture.name })
                #expect(pnv.activities == officeFigures["ST-CTH-PNV"]?[period]?.activities)
                #expect(pnv.reach == officeFigures["ST-CTH-PNV"]?[period]?.reach)
                #expect(pnv.work == officeFigures["ST-CTH-PNV"]?[period]?.work)
                #expect(ttvh.activities == officeFigures["ST-CTH-TTVH"]?[period]?.activities)
                #expect(pnv.report.hasPrefix("Đã nộp") || pnv.report.hasPrefix("Nộp muộn"))
                #expect(ttvh.report == "Chưa nộp")
                // Totals: every child's subtree plus the district's own, against the rows counted here.
                let subtree = try await App.Unit.query(on: app.db).filter(\.$path =~ district.path).all().compactMap(\.id)
                var expected = WorkProgress()
                for id in subtree { expected.add(Self.expectedWork(all, unitID: id, window: window, today: today)) }
                #expect(figures.totalWork == expected, "\(period)")
                #expect(figures.totalActivities == recorded.filter { window.contains($0.day) }.count, "\(period)")
                #expect(figures.totalReach == recorded.filter { window.contains($0.day) }.reduce(0) { $0 + $1.reach })
            }
        }
    }

    @Test func submittedReportsAreFrozenReturnedWithAReasonAndRemindedWhenMissing() async throws {
        try await withTestApp { app in
            let plan = try await makePlan([("Đăng tin về cải cách hành chính", ["Phòng Nội vụ"], "Tháng 3/2026")], year: 2026, number: "3/KH-UBND", on: app)
            let office = try await unit("ST-CTH-PNV", on: app.db), district = try await unit("ST-CTH", on: app.db)
            let clerk = try #require(try await User.query(on: app.db).filter(\.$username == "chauthanh.pnv").with(\.$unit).first())
            let viewer = try await Viewer.load(user: clerk, unit: clerk.unit, on: app.db)
            let task = try #require(try await TaskEntry.query(on: app.db).filter(\.$plan.$id == plan.requireID()).first())
            func record(_ title: String, _ day: CalendarDate) async throws {
                _ = try await ActivityService.contribute(.init(kind: .newsArticle, channel: .portal, happenedOn: day, title: title, reach: 10),
                                                         upload: nil, unitID: try office.requireID(), plan: plan, taskID: try task.requireID(),
                                                         actor: .system, storage: app.files, maxBytes: app.config.maxUploadBytes, quota: app.config.unitStorageQuotaBytes, on: app.db)
            }
            try await record("Tin thứ nhất", Self.day(2026, 2, 2))
            // A contest shows in its section of the report, with its participants.
            _ = try await ActivityService.contribute(.init(kind: .contest, channel: .onSite, happenedOn: Self.day(2026, 2, 20), title: "Hội thi tìm hiểu CCHC",
                                                           reach: 320), upload: nil, unitID: try office.requireID(), plan: plan,
                                                     taskID: try task.requireID(), actor: .system, storage: app.files,
                                                     maxBytes: app.config.maxUploadBytes, quota: app.config.unitStorageQuotaBytes, on: app.db)
            // Nothing written yet: submitting asks for the narrative first.
            await #expect(throws: AppError.self) {
                try await ReportService.submit(viewer: viewer, unit: office, year: 2026, period: .q1, now: Date(), today: Self.day(2026, 3, 10), on: app.db)
            }
            try await ReportService.saveNarrative(.init(number: "7/BC-PNV", results: "Đã đăng tin", limitations: "Ít kinh phí", proposals: ""),
                                                  viewer: viewer, unit: office, year: 2026, period: .q1, now: Date(), on: app.db)
            try await ReportService.submit(viewer: viewer, unit: office, year: 2026, period: .q1, now: Date(), today: Self.day(2026, 3, 10), on: app.db)
            // Later records do not change the submitted report; the page shows the difference.
            try await record("Tin thứ hai", Self.day(2026, 3, 1))
            var page = try await ReportPage.load(viewer: viewer, unit: office, year: 2026, period: .q1, today: Self.day(2026, 3, 12), on: app.db)
            #expect(page.frozen && page.activities == 2)
            #expect(page.figures.sections.first { $0.key == "contests" }?.rows == [["1", "Hội thi tìm hiểu CCHC", "20/02/2026", office.name, "320"]])
            #expect(page.figures.sections.first { $0.key == "surveys" }?.rows.isEmpty == true)
            #expect(page.changes.contains { $0.label == "Số hoạt động tuyên truyền" && $0.was == "2" && $0.now == "3" })
            #expect(!page.mayEdit && !page.mayReview)
            await #expect(throws: AppError.self) {
                try await ReportService.saveNarrative(.init(results: "Sửa sau khi nộp"), viewer: viewer, unit: office, year: 2026, period: .q1,
                                                      now: Date(), on: app.db)
            }
            // The reporter cannot review its own report; the district's plan owner returns it, with a reason.
            await #expect(throws: AppError.self) {
                try await ReportService.review(.accept, note: nil, viewer: viewer, unit: office, year: 2026, period: .q1, now: Date(), on: app.db)
            }
            let owner = try #require(try await User.query(on: app.db).filter(\.$username == "chauthanh.kehoach").with(\.$unit).first())
            let ownerViewer = try await Viewer.load(user: owner, unit: owner.unit, on: app.db)
            await #expect(throws: AppError.self) {
                try await ReportService.review(.sendBack, note: "  ", viewer: ownerViewer, unit: office, year: 2026, period: .q1, now: Date(), on: app.db)
            }
            try await ReportService.review(.sendBack, note: "Bổ sung tin thứ hai", viewer: ownerViewer, unit: office, year: 2026, period: .q1, now: Date(), on: app.db)
            page = try await ReportPage.load(viewer: viewer, unit: office, year: 2026, period: .q1, today: Self.day(2026, 3, 12), on: app.db)
            #expect(page.status == "returned" && page.reviewNote == "Bổ sung tin thứ hai" && page.mayEdit && page.activities == 3)
            #expect(try await Notice.query(on: app.db).filter(\.$user.$id == clerk.requireID()).all().contains { $0.text.contains("Bổ sung tin thứ hai") })
            // Fixed, submitted again, accepted.
            try await ReportService.submit(viewer: viewer, unit: office, year: 2026, period: .q1, now: Date(), today: Self.day(2026, 3, 12), on: app.db)
            try await ReportService.review(.accept, note: nil, viewer: ownerViewer, unit: office, year: 2026, period: .q1, now: Date(), on: app.db)
            #expect(try await ReportService.find(unitID: office.requireID(), year: 2026, period: .q1, on: app.db)?.status == .accepted)
            // A plan owner cannot review the report of its own unit (that is for the level above).
            #expect(!ownerViewer.mayReview(reportsOf: district))
            // Reminders go to the children that have not submitted, not to the one that did.
            let reminded = try await ReportService.remindMissing(viewer: ownerViewer, unit: district, year: 2026, period: .q1, now: Date(), on: app.db)
            let children = try await App.Unit.query(on: app.db).filter(\.$parent.$id == district.requireID()).filter(\.$validTo == nil).count()
            #expect(reminded == children - 1)
            let culture = try #require(try await User.query(on: app.db).filter(\.$username == "chauthanh.ttvh").first())
            #expect(try await Notice.query(on: app.db).filter(\.$user.$id == culture.requireID()).all().contains { $0.text.contains("chưa nộp báo cáo") })
            // Every step is in the audit log.
            let audited = try await AuditEntry.query(on: app.db).filter(\.$entityType == .report).all().map(\.action.rawValue)
            for action in ["update", "submit", "return", "accept", "remind"] { #expect(audited.contains(action), "\(action)") }
        }
    }

    @Test func theReportPagesAndDocumentsThroughHTTP() async throws {
        try await withTestApp { app in
            _ = try await makePlan([("Đăng tin về cải cách hành chính", ["Phòng Nội vụ"], "Tháng 3/2026")], year: 2026, number: "3/KH-UBND", on: app)
            let office = try await unit("ST-CTH-PNV", on: app.db)
            var clerk = Browser(app)
            try await clerk.login("chauthanh.pnv")
            let path = "/reports/\(try office.requireID())/2026/q1"
            #expect(try await clerk.get("/reports?year=2026&period=q1").body.string.contains("Phòng Nội vụ"))
            let page = try await clerk.get(path)
            #expect(page.status == .ok && page.body.string.contains("quý I năm 2026"))
            // A narrative over the limit is refused with a message, and nothing is lost of what was typed.
            let long = String(repeating: "a", count: ReportService.narrativeLimit + 1)
            let refused = try await clerk.post(path, [("results", long), ("limitations", "Giữ lại dòng này")])
            #expect(refused.status == .badRequest && refused.body.string.contains("Giữ lại dòng này"))
            #expect(try await clerk.post(path, [("results", "Đã đăng 1 tin"), ("number", "9/BC-PNV")]).status == .seeOther)
            #expect(try await clerk.post(path + "/submit", []).status == .seeOther)
            #expect(try await clerk.get(path).body.string.contains("Đã nộp, chờ duyệt"))
            let docx = try await clerk.get(path + "/docx")
            #expect(docx.status == .ok && docx.headers.first(name: .contentType)?.contains("wordprocessingml") == true)
            let text = try DocxReader.blocks(from: Data(docx.body.readableBytesView)).map { block -> String in
                if case .paragraph(let p) = block { return p }
                if case .table(let rows) = block { return rows.map { $0.joined(separator: " | ") }.joined(separator: "\n") }
                return ""
            }.joined(separator: "\n")
            #expect(text.contains("Số: 9/BC-PNV") && text.contains("UBND HUYỆN CHÂU THÀNH") && text.contains("PHÒNG NỘI VỤ"))
            #expect(text.contains("Đã đăng 1 tin") && text.contains("Châu Thành, ngày"))
            let xlsx = try await clerk.get(path + "/xlsx")
            let rows = try XlsxReader.rows(from: Data(xlsx.body.readableBytesView))
            #expect(rows.first?.first == "Đơn vị" && rows.count == 2)
            // Another district's office cannot see it.
            var other = Browser(app)
            try await other.login("vinhchau.kehoach")
            #expect(try await other.get(path).status == .forbidden)
            #expect(try await other.get(path + "/docx").status == .forbidden)
            // Nonsense in the path is a 404, not a crash.
            #expect(try await clerk.get("/reports/\(try office.requireID())/2026/q9").status == .notFound)
            #expect(try await clerk.get("/reports/khong-phai-ma/2026/q1").status == .notFound)
        }
    }

    @Test func administratorsSetAYearsDatesPerTier() async throws {
        try await withTestApp { app in
            let office = try await unit("ST-CTH-PNV", on: app.db)
            #expect(ReportCompiler.tier(of: office) == 2)
            let standard = try await ReportCompiler.window(.q1, year: 2026, unit: office, on: app.db)
            #expect(standard == ReportWindow.standard(.q1, year: 2026, tier: 2))
            var admin = Browser(app)
            try await admin.login("admin")
            #expect(try await admin.get("/reports/deadlines?year=2026").status == .ok)
            let page = try await ReportDeadlinesPage.load(year: 2026, today: Self.day(2026, 1, 5), on: app.db)
            var form = page.rows.flatMap { [($0.key + "_from", $0.from), ($0.key + "_to", $0.to), ($0.key + "_due", $0.due)] }
            // A due date before the data range ends is refused, with the reason, and nothing is stored.
            let broken = form.map { $0.0 == "t2_q1_due" ? ($0.0, "01/03/2026") : $0 }
            let refused = try await admin.post("/reports/deadlines?year=2026", broken)
            #expect(refused.status == .badRequest && refused.body.string.contains("Hạn nộp phải từ ngày chốt số liệu"))
            #expect(try await ReportDeadline.query(on: app.db).count() == 0)
            form = form.map { $0.0 == "t2_q1_due" ? ($0.0, "16/03/2026") : $0 }
            #expect(try await admin.post("/reports/deadlines?year=2026", form).status == .seeOther)
            let set = try await ReportCompiler.window(.q1, year: 2026, unit: office, on: app.db)
            #expect(set.due == Self.day(2026, 3, 16) && set.from == standard.from && set.to == standard.to)
            #expect(try await ReportDeadline.query(on: app.db).count() == 1)
            // Other tiers and years keep the customary dates.
            #expect(try await ReportCompiler.window(.q1, year: 2026, unit: try await unit("ST", on: app.db), on: app.db).due == Self.day(2026, 3, 20))
            #expect(try await ReportCompiler.window(.q1, year: 2027, unit: office, on: app.db).due == ReportWindow.standard(.q1, year: 2027, tier: 2)?.due)
            var owner = Browser(app)
            try await owner.login("chauthanh.kehoach")
            #expect(try await owner.post("/reports/deadlines?year=2026", form).status == .forbidden)
        }
    }
}
