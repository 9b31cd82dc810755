import Fluent
import Foundation
import Testing
import Vapor
@testable import App
import Domain

/// Recording work with evidence: limits on files, who may record, completing, verifying and rejecting.
@Suite struct ActivityTests {
    /// The demo plans, and the Châu Thành home-affairs office's first assignment of the district plan.
    static func setUp(_ app: Application) async throws -> (App.Plan, Assignment) {
        try await DemoPlans.loadIfNone(app: app)
        let plan = try #require(try await App.Plan.query(on: app.db).filter(\.$number == "23/KH-UBND").with(\.$unit).first())
        let pnv = try await unit("ST-CTH-PNV", on: app.db)
        let assignment = try #require(try await Assignment.query(on: app.db).filter(\.$plan.$id == plan.requireID())
            .filter(\.$unit.$id == pnv.requireID()).sort(\.$dueOn).first())
        return (plan, assignment)
    }

    static let fields = [("kind", "news_article"), ("channel", "portal"), ("happenedOn", "10/03/2025"),
                         ("title", "Bài viết về một cửa liên thông"), ("link", "https://chauthanh.soctrang.gov.vn/tin/1"), ("reach", "1.250")]

    @Test func anArticleWithAPDFCompletesTheAssignmentAndMovesTheProgress() async throws {
        try await withTestApp { app in
            let (plan, assignment) = try await Self.setUp(app)
            let planID = try plan.requireID(), id = try assignment.requireID()
            var office = Browser(app)
            try await office.login("chauthanh.pnv")
            let before = try await office.get("/plans/\(planID)")
            #expect(before.body.string.contains("<strong>0%</strong>hoàn thành"))
            try await office.get("/assignments/\(id)")
            // Done without evidence or a reason: refused with what to do.
            let early = try await office.post("/assignments/\(id)/done", [])
            #expect(early.status == .unprocessableEntity)
            #expect(early.body.string.contains("ít nhất một hoạt động có tệp minh chứng"))
            let pdf = SampleFiles.pdf
            let recorded = try await office.postMultipart("/assignments/\(id)/activities", fileField: "file", filename: "bai-viet.pdf", data: pdf,
                                                          fields: Self.fields)
            #expect(recorded.status == .seeOther)
            let activity = try #require(try await Activity.query(on: app.db).filter(\.$assignment.$id == id).with(\.$files).first())
            #expect(activity.reach == 1250)
            #expect(activity.files.map(\.type) == [.pdf])
            // The file comes back to those who may read the record, and to nobody else.
            let download = try await office.get("/evidence/\(try activity.files[0].requireID())")
            #expect(download.status == .ok)
            #expect(Data(buffer: download.body) == pdf)
            var sibling = Browser(app)
            try await sibling.login("chauthanh.ttvh")
            #expect(try await sibling.get("/evidence/\(try activity.files[0].requireID())").status == .forbidden)

            #expect(try await office.post("/assignments/\(id)/done", []).status == .seeOther)
            #expect(try await Assignment.find(id, on: app.db)?.status == .done)
            let after = try await office.get("/plans/\(planID)")
            let total = try await Assignment.query(on: app.db).filter(\.$plan.$id == planID).count()
            #expect(after.body.string.contains("<strong>\(Int((100.0 / Double(total)).rounded()))%</strong>hoàn thành"))
            // Per lead unit: the office now has one of its assignments done.
            let officeTotal = try await Assignment.query(on: app.db).filter(\.$plan.$id == planID).filter(\.$unit.$id == assignment.$unit.id).count()
            #expect(after.body.string.contains("<td data-label=\"Đơn vị\">Phòng Nội vụ huyện Châu Thành</td><td data-label=\"Hoàn thành\">\(Int((100.0 / Double(officeTotal)).rounded()))%</td>"))

            // The plan owner rejects the evidence: the assignment reopens and the office sees why.
            var owner = Browser(app)
            try await owner.login("chauthanh.kehoach")
            try await owner.get("/assignments/\(id)")
            #expect(try await owner.post("/activities/\(activity.requireID())/review", [("verdict", "reject")]).status == .unprocessableEntity)
            #expect(try await owner.post("/activities/\(activity.requireID())/review", [("verdict", "reject"), ("note", "Thiếu ảnh chụp bài đăng")]).status == .seeOther)
            #expect(try await Assignment.find(id, on: app.db)?.status == .open)
            let page = try await office.get("/assignments/\(id)")
            #expect(page.body.string.contains("Thiếu ảnh chụp bài đăng"))
            #expect(page.body.string.contains("Bị trả lại"))
            // The roll-up: the province sees the district's work with the office among the units, charts and their tables.
            var province = Browser(app)
            try await province.login("snv.kehoach")
            let rollup = try await province.get("/rollup?year=2025")
            #expect(rollup.status == .ok)
            #expect(rollup.body.string.contains("<tr><td>Phòng Nội vụ huyện Châu Thành</td>"))
            // The counts are the records' own: every open assignment of 2025 is past its date by now.
            let open2025 = try await Assignment.query(on: app.db).join(App.Plan.self, on: \Assignment.$plan.$id == \App.Plan.$id)
                .filter(App.Plan.self, \.$year == 2025).filter(\.$status == .open).count()
            #expect(rollup.body.string.contains("<strong>\(open2025)</strong>quá hạn"))
            // Every chart has its size: the months chart is twelve rows high.
            #expect(rollup.body.string.contains("viewBox=\"0 0 730.0 270.0\""))
            #expect(rollup.body.string.contains("<li>Trung tâm Văn hóa – Thể thao – Truyền thanh huyện Châu Thành</li>"))
            #expect(rollup.body.string.contains("<strong>1</strong>hoạt động"))
            #expect(rollup.body.string.contains("Tin, bài trên trang thông tin"))
            #expect(rollup.body.string.contains("Đơn vị chưa ghi nhận hoạt động nào"))
            // A reporter sees only its own unit.
            let own = try await office.get("/rollup?year=2025")
            #expect(own.body.string.contains("<p class=\"lead\">Phòng Nội vụ huyện Châu Thành</p>"))
            #expect(!own.body.string.contains("Trung tâm Văn hóa – Thể thao – Truyền thanh huyện Châu Thành"))
            // The reminder job tells the office on its dashboard.
            try await ReminderService.run(today: app.clock.today(), now: Date(), on: app.db)
            let dashboard = try await office.get("/")
            #expect(dashboard.body.string.contains("bị trả lại: Thiếu ảnh chụp bài đăng"))
        }
    }

    @Test func filesAreCheckedAndOnlyTheUnitRecordsItsWork() async throws {
        try await withTestApp { app in
            let (_, assignment) = try await Self.setUp(app)
            let id = try assignment.requireID()
            var office = Browser(app)
            try await office.login("chauthanh.pnv")
            try await office.get("/assignments/\(id)")
            let exe = Data([0x4D, 0x5A, 0x90, 0x00, 0x03] + Array(repeating: 0, count: 200))
            let renamed = try await office.postMultipart("/assignments/\(id)/activities", fileField: "file", filename: "bai-viet.pdf", data: exe,
                                                         fields: Self.fields)
            #expect(renamed.status == .unsupportedMediaType)
            #expect(renamed.body.string.contains("kiểm tra nội dung tệp"))
            var big = Data("%PDF-1.7\n".utf8)
            big.append(Data(count: 30 * 1024 * 1024))
            let tooBig = try await office.postMultipart("/assignments/\(id)/activities", fileField: "file", filename: "bai-viet.pdf", data: big,
                                                        fields: Self.fields)
            #expect(tooBig.status == .payloadTooLarge)
            #expect(tooBig.body.string.contains("lớn hơn giới hạn 20 MB"))
            #expect(try await Activity.query(on: app.db).count() == 0)
            let stored = (try? FileManager.default.subpathsOfDirectory(atPath: app.config.filesPath)) ?? []
            #expect(stored.filter { $0.hasSuffix(".pdf") }.isEmpty)
            // Another office of the district, or a commune, cannot record on this assignment.
            for account in ["chauthanh.ttvh", "phutam", "vinhchau.kehoach"] {
                var other = Browser(app)
                try await other.login(account)
                try await other.get("/")
                let res = try await other.postMultipart("/assignments/\(id)/activities", fileField: "file", filename: "x.pdf",
                                                        data: SampleFiles.pdf, fields: Self.fields)
                #expect(res.status == .forbidden, "\(account)")
            }
            #expect(try await Activity.query(on: app.db).count() == 0)
        }
    }

    @Test func aCoordinatingUnitRecordsItsContributionToTheSameTask() async throws {
        try await withTestApp { app in
            try await DemoPlans.loadIfNone(app: app)
            let plan = try #require(try await App.Plan.query(on: app.db).filter(\.$number == "23/KH-UBND").first())
            let pnv = try await unit("ST-CTH-PNV", on: app.db)
            let link = try #require(try await TaskUnit.query(on: app.db).filter(\.$plan.$id == plan.requireID()).filter(\.$role == .coordinating)
                .filter(\.$unit.$id == pnv.requireID()).first())
            let path = "/plans/\(try plan.requireID())/tasks/\(link.$task.id)/contribution"
            var office = Browser(app)
            try await office.login("chauthanh.pnv")
            let work = try await office.get("/work")
            #expect(work.body.string.contains(path))
            #expect(try await office.get(path).status == .ok)
            let res = try await office.postMultipart(path, fileField: "file", filename: "anh.png",
                                                     data: SampleFiles.png, fields: Self.fields)
            #expect(res.status == .seeOther)
            let recorded = try #require(try await Activity.query(on: app.db).filter(\.$task.$id == link.$task.id).first())
            #expect(recorded.$assignment.id == nil)
            #expect(recorded.$unit.id == pnv.id)
            // A unit that does not coordinate the task cannot.
            var centre = Browser(app)
            try await centre.login("chauthanh.ttvh")
            let coordinatesToo = try await TaskUnit.query(on: app.db).filter(\.$task.$id == link.$task.id).filter(\.$role == .coordinating)
                .filter(\.$unit.$id == (try await unit("ST-CTH-TTVH", on: app.db)).requireID()).count() > 0
            if !coordinatesToo { #expect(try await centre.get(path).status == .forbidden) }
        }
    }

    @Test func aTaskThatPromisesACountShowsHowFarItHasCome() async throws {
        try await withTestApp { app in
            let plan = try await makePlan([("Xây dựng ít nhất 05 chương trình phát thanh về cải cách hành chính", ["Phòng Nội vụ"], "Tháng 3-10/2025")],
                                          number: "8/KH-UBND", on: app)
            let assignment = try #require(try await Assignment.query(on: app.db).filter(\.$plan.$id == plan.requireID()).first())
            for n in 1...3 {
                _ = try await ActivityService.record(.init(kind: .radioSegment, channel: .radio, happenedOn: CalendarDate(year: 2025, month: 3 + n, day: 1)!,
                                                           title: "Chương trình số \(n)"), upload: nil, on: assignment, plan: plan, actor: .system,
                                                     storage: app.files, maxBytes: app.config.maxUploadBytes, quota: app.config.unitStorageQuotaBytes, on: app.db)
            }
            var office = Browser(app)
            try await office.login("chauthanh.pnv")
            let page = try await office.get("/assignments/\(try assignment.requireID())")
            #expect(page.body.string.contains("3/5 chương trình"))
        }
    }
}
