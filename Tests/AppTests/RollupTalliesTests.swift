import Fluent
import Foundation
import Testing
import Vapor
@testable import App
import Domain

/// The roll-up reads running tallies the database keeps by triggers; after every kind of change — activities
/// recorded, moved to another month, deleted; assignments done on time, done late, cancelled, reopened, deleted with
/// their activities — what it shows is what counting the rows themselves shows, for every kind of account.
@Suite struct RollupTalliesTests {
    func same(_ viewer: Viewer, year: Int, today: CalendarDate, on db: any Database) async throws {
        let fast = try await RollupPage.load(viewer: viewer, year: year, today: today, on: db)
        let rows = try await RollupPage.load(viewer: viewer, year: year, today: today, tallies: false, on: db)
        #expect(fast.progress == rows.progress, "\(viewer.unit.code)")
        #expect(fast.byUnit == rows.byUnit)
        #expect(fast.byMonth == rows.byMonth)
        #expect(fast.byChannel == rows.byChannel)
        #expect(fast.byKind == rows.byKind)
        #expect(fast.activities == rows.activities)
        #expect(fast.silent == rows.silent)
        #expect(fast.overdue.map(\.assignmentID) == rows.overdue.map(\.assignmentID))
    }

    @Test func talliesAgreeWithTheRowsAfterEveryKindOfChange() async throws {
        try await withTestApp { app in
            try await DemoPlans.loadIfNone(app: app)
            let db = app.db
            let plan = try #require(try await App.Plan.query(on: db).filter(\.$number == "23/KH-UBND").first())
            let assignments = try await Assignment.query(on: db).filter(\.$plan.$id == plan.requireID()).sort(\.$dueOn).all()
            try #require(assignments.count >= 6)
            var recorded: [Activity] = []
            for (i, a) in assignments.prefix(5).enumerated() {
                let input = ActivityService.Input(kind: i % 2 == 0 ? .newsArticle : .conference, channel: i % 3 == 0 ? .portal : .radio,
                                                  happenedOn: CalendarDate(year: 2025, month: 2 + i, day: 10)!, title: "Hoạt động \(i)")
                recorded.append(try await ActivityService.record(input, upload: nil, on: a, plan: plan, actor: .system, storage: app.files,
                                                                 maxBytes: app.config.maxUploadBytes, quota: app.config.unitStorageQuotaBytes, on: db))
            }
            // Done on time, done late, cancelled.
            try await ActivityService.complete(assignments[0], justification: "Đã đăng bài", today: assignments[0].dueOn, actor: .system, on: db)
            try await ActivityService.complete(assignments[1], justification: "Đăng muộn", today: assignments[1].dueOn.adding(days: 9)!, actor: .system, on: db)
            try await ActivityService.cancel(assignments[2], reason: "Không còn phù hợp", actor: .system, on: db)
            // An activity moved to another month, another deleted, an assignment deleted with its activities.
            recorded[3].happenedOn = CalendarDate(year: 2025, month: 11, day: 2)!
            try await recorded[3].save(on: db)
            try await recorded[4].delete(on: db)
            try await assignments[5].delete(on: db)
            // A rejected piece of evidence reopens a done assignment.
            try await ActivityService.review(recorded[0], verified: false, note: "Thiếu ảnh", actor: .system, on: db)
            let today = CalendarDate(year: 2025, month: 8, day: 1)!
            for (username, code) in [("admin", "ST"), ("snv.kehoach", "ST"), ("chauthanh.kehoach", "ST-CTH"), ("chauthanh.pnv", "ST-CTH-PNV")] {
                let user = try #require(try await User.query(on: db).filter(\.$username == username).first())
                let viewer = try await Viewer.load(user: user, unit: try await unit(code, on: db), on: db)
                try await same(viewer, year: 2025, today: today, on: db)
                try await same(viewer, year: 2024, today: today, on: db)
            }
            // Something was counted at all.
            let user = try #require(try await User.query(on: db).filter(\.$username == "chauthanh.kehoach").first())
            let page = try await RollupPage.load(viewer: try await Viewer.load(user: user, unit: try await unit("ST-CTH", on: db), on: db),
                                                 year: 2025, today: today, on: db)
            #expect(page.activities == 4 && page.progress.doneLate == 1 && page.progress.cancelled == 1)
        }
    }

    /// Past a couple of hundred units the ranking is by the units right below the scope, each with its subtree: a
    /// province's departments and communes (the communes' offices inside them), the country's provinces.
    @Test func largeScopesAreRankedByTheUnitsRightBelow() async throws {
        try await withTestApp { app in
            let today = CalendarDate(year: 2026, month: 11, day: 23)!
            _ = try await DashboardDataset.generate(provinces: 1, communes: 70, today: today, on: app.db) { _ in }
            let province = try await unit("T0", on: app.db)
            let owner = User(username: "t0.kehoach", passwordHash: app.dummyPasswordHash, fullName: "Phụ trách", role: .planOwner,
                             unitID: try province.requireID())
            try await owner.create(on: app.db)
            let viewer = try await Viewer.load(user: owner, unit: province, on: app.db)
            let page = try await RollupPage.load(viewer: viewer, year: 2026, today: today, on: app.db)
            #expect(page.groupedByChild)
            let labels = page.byUnit.bars.map(\.label)
            #expect(labels.count == 20 + 70)
            #expect(labels.contains("Ủy ban nhân dân xã số 0 tỉnh 0") && !labels.contains("Văn phòng HĐND và UBND xã số 0 tỉnh 0"))
            try await same(viewer, year: 2026, today: today, on: app.db)
            let admin = try #require(try await User.query(on: app.db).filter(\.$role == .admin).first())
            let national = try await RollupPage.load(viewer: try await Viewer.load(user: admin, unit: try await admin.$unit.get(on: app.db), on: app.db),
                                                     year: 2026, today: today, on: app.db)
            #expect(national.byUnit.bars.map(\.label).contains("Ủy ban nhân dân tỉnh số 0"))
            #expect(national.progress == page.progress)
        }
    }
}
