import Fluent
import Foundation
import Testing
import Vapor
@testable import App
import Domain

/// Drafting in the app, and amendments once a plan is issued.
@Suite struct PlanEditingTests {
    static func draft(on app: Application) async throws -> App.Plan {
        var doc = Domain.Plan()
        doc.year = 2025
        doc.title = "Kế hoạch tuyên truyền cải cách hành chính năm 2025"
        let p = TimeframeParser(planYear: 2025)
        doc.tasks = [
            PlanTask(no: 1, content: "Chuyên mục trên Đài Truyền thanh", lead: ["Trung tâm Văn hóa – Thể thao – Truyền thanh huyện"],
                     coordinating: ["Phòng Nội vụ"], timeframe: p.parse("Hằng tháng")),
            PlanTask(no: 2, content: "Hội thi tìm hiểu cải cách hành chính", lead: ["Phòng Nội vụ"], coordinating: [], timeframe: p.parse("Quý III/2025")),
            PlanTask(no: 3, content: "Pano, áp phích", lead: ["Phòng Văn hóa và Thông tin"], coordinating: [], timeframe: p.parse("Tháng 3/2025")),
        ]
        return try await PlanService.store(doc, issuer: try await unit("ST-CTH", on: app.db), sourceName: nil, actor: .system,
                                           today: CalendarDate(year: 2025, month: 1, day: 10)!, now: Date(), on: app.db)
    }

    static func tasks(_ plan: App.Plan, on db: any Database) async throws -> [TaskEntry] {
        try await TaskEntry.query(on: db).filter(\.$plan.$id == plan.requireID()).sort(\.$position).with(\.$units).all()
    }

    @Test func aDraftIsEditedSectionBySectionAndRowByRow() async throws {
        try await withTestApp { app in
            let plan = try await Self.draft(on: app)
            let id = try plan.requireID()
            var b = Browser(app)
            try await b.login("chauthanh.kehoach")
            #expect(try await b.get("/plans/\(id)/edit").status == .ok)
            let badTarget = try await b.post("/plans/\(id)", [("title", plan.title), ("year", "2025"), ("targets", "Phần lớn người dân hiểu biết")])
            #expect(badTarget.status == .unprocessableEntity)
            #expect(badTarget.body.string.contains("Mỗi chỉ tiêu cần có tỷ lệ phần trăm"))
            let saved = try await b.post("/plans/\(id)", [("title", plan.title), ("year", "2025"), ("place", "Châu Thành"),
                                                           ("targets", "80% cán bộ, công chức được khảo sát nắm vững nhiệm vụ cải cách hành chính\n100% cán bộ làm công tác cải cách hành chính được tập huấn"),
                                                           ("topics", "Cải cách thủ tục hành chính\r\nChuyển đổi số"),
                                                           ("responsibilities", "Phòng Nội vụ: Theo dõi, đôn đốc; Tổng hợp báo cáo")])
            #expect(saved.status == .seeOther)
            let stored = try #require(try await App.Plan.find(id, on: app.db))
            #expect(stored.sections.targets.map(\.percent) == [80, 100])
            #expect(stored.sections.targets.map(\.subject) == [.civilServants, .reformStaff])
            #expect(stored.sections.topics == ["Cải cách thủ tục hành chính", "Chuyển đổi số"])
            #expect(stored.sections.responsibilities == [Responsibility(unit: "Phòng Nội vụ", duties: ["Theo dõi, đôn đốc", "Tổng hợp báo cáo"])])
            #expect(try await PlanAmendment.query(on: app.db).count() == 0)

            // A row: the timeframe is read as it will be stored; text nobody can read is refused with a way out.
            var rows = try await Self.tasks(stored, on: app.db)
            let third = try rows[2].requireID()
            let unreadable = try await b.post("/plans/\(id)/tasks/\(third)", [("no", "3"), ("content", "Pano, áp phích"), ("lead", "Phòng Văn hóa và Thông tin"),
                                                                            ("timeframe", "đợt sau")])
            #expect(unreadable.status == .unprocessableEntity)
            #expect(unreadable.body.string.contains("Chưa hiểu được thời gian"))
            let changed = try await b.post("/plans/\(id)/tasks/\(third)", [("no", "3"), ("content", "Pano, áp phích tại trụ sở"),
                                                                         ("lead", "Phòng Văn hóa và Thông tin\nUBND cấp xã"), ("timeframe", "Tháng 5-10/2025")])
            #expect(changed.status == .seeOther)
            rows = try await Self.tasks(stored, on: app.db)
            #expect((rows[2].startMonth?.description, rows[2].endMonth?.description) == ("2025-05", "2025-10"))
            #expect(rows[2].units.filter { $0.role == .lead }.count == 2)
            let preview = try await b.get("/plans/timeframe?year=2025&text=" + Browser.encode("Tháng 5-10/2025"))
            let reading = try JSONDecoder().decode(PlanEditController.TimeframeReading.self, from: Data(buffer: preview.body))
            #expect(reading.summary == "05/2025–10/2025")
            #expect(reading.due == "31/10/2025")

            // Add, move, remove.
            #expect(try await b.get("/plans/\(id)/tasks/new").status == .ok)
            #expect(try await b.post("/plans/\(id)/tasks", [("no", "4"), ("content", "Tọa đàm"), ("lead", "Phòng Nội vụ"), ("timeframe", "Quý IV/2025")]).status == .seeOther)
            let fourth = try #require(try await Self.tasks(stored, on: app.db).last?.id)
            #expect(try await b.post("/plans/\(id)/tasks/\(fourth)/move", [("direction", "up")]).status == .seeOther)
            rows = try await Self.tasks(stored, on: app.db)
            #expect(rows.map(\.content) == ["Chuyên mục trên Đài Truyền thanh", "Hội thi tìm hiểu cải cách hành chính", "Tọa đàm", "Pano, áp phích tại trụ sở"])
            #expect(rows.map(\.no) == [1, 2, 3, 4])
            #expect(try await b.post("/plans/\(id)/tasks/\(rows[0].requireID())/delete", []).status == .seeOther)
            #expect(try await Self.tasks(stored, on: app.db).count == 3)
            // Another unit's plan owner changes nothing.
            var other = Browser(app)
            try await other.login("vinhchau.kehoach")
            #expect(try await other.post("/plans/\(id)/tasks/\(fourth)/delete", []).status == .forbidden)
        }
    }

    @Test func anIssuedPlanChangesOnlyByAmendmentAndItsAssignmentsFollow() async throws {
        try await withTestApp { app in
            let plan = try await Self.draft(on: app)
            let id = try plan.requireID()
            _ = try await PlanService.issue(plan, .init(number: "12/KH-UBND", issuedOn: CalendarDate(year: 2025, month: 1, day: 15)!, signerName: "Lê Văn C"),
                                            actor: .system, now: Date(), on: app.db)
            var b = Browser(app)
            try await b.login("chauthanh.kehoach")
            try await b.get("/plans/\(id)")
            let second = try await Self.tasks(plan, on: app.db)[1]
            let taskID = try second.requireID()
            let form = [("no", "2"), ("content", "Hội thi tìm hiểu cải cách hành chính"), ("lead", "Phòng Nội vụ\nPhòng Tư pháp"),
                        ("timeframe", "Tháng 8-9/2025")]
            let noReason = try await b.post("/plans/\(id)/tasks/\(taskID)", form)
            #expect(noReason.status == .unprocessableEntity)
            #expect(noReason.body.string.contains("vui lòng ghi lý do sửa đổi"))
            #expect(try await b.post("/plans/\(id)/tasks/\(taskID)", form + [("reason", "Phòng Tư pháp cùng chủ trì theo chỉ đạo của UBND huyện")]).status == .seeOther)

            let assigned = try await Assignment.query(on: app.db).filter(\.$task.$id == taskID).with(\.$unit).all()
            #expect(Set(assigned.map(\.unit.code)) == ["ST-CTH-PNV", "ST-CTH-PTP"])
            #expect(assigned.allSatisfy { $0.startsOn.display == "01/08/2025" && $0.dueOn.display == "30/09/2025" })
            let amendment = try #require(try await PlanAmendment.query(on: app.db).filter(\.$plan.$id == id).first())
            #expect(amendment.reason.hasPrefix("Phòng Tư pháp cùng chủ trì"))
            #expect(amendment.actorName == "chauthanh.kehoach")
            #expect(amendment.changes.contains { $0.contains("thời gian «Quý III/2025» → «Tháng 8-9/2025»") })
            let page = try await b.get("/plans/\(id)")
            #expect(page.body.string.contains("Sửa đổi"))
            #expect(page.body.string.contains("Phòng Tư pháp cùng chủ trì"))

            // Dropping a lead unit drops its assignment; a recurring timeframe brings its periods.
            let monthly = [("no", "2"), ("content", "Hội thi tìm hiểu cải cách hành chính"), ("lead", "Phòng Tư pháp"), ("timeframe", "Hằng tháng"),
                           ("reason", "Giao lại")]
            #expect(try await b.post("/plans/\(id)/tasks/\(taskID)", monthly).status == .seeOther)
            let now = try await Assignment.query(on: app.db).filter(\.$task.$id == taskID).with(\.$unit).with(\.$occurrences).all()
            #expect(now.map(\.unit.code) == ["ST-CTH-PTP"])
            #expect(now.first?.occurrences.count == 12)
            // Sections too need a reason, and the year stays.
            let sections = try await b.post("/plans/\(id)", [("title", "Kế hoạch đã sửa"), ("year", "2026"), ("reason", "Đổi năm")])
            #expect(sections.status == .unprocessableEntity)
            #expect(sections.body.string.contains("Không đổi năm"))
            #expect(try await PlanAmendment.query(on: app.db).filter(\.$plan.$id == id).count() == 2)
            // Removing a row of an issued plan needs a reason too.
            #expect(try await b.post("/plans/\(id)/tasks/\(taskID)/delete", []).status == .unprocessableEntity)
            #expect(try await b.post("/plans/\(id)/tasks/\(taskID)/delete", [("reason", "Không tổ chức")]).status == .seeOther)
            #expect(try await Assignment.query(on: app.db).filter(\.$task.$id == taskID).count() == 0)
        }
    }
}
