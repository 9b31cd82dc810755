import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import App
import Domain

/// A contest belongs to the plan task that launched it: the form offers the organiser's tasks (the one that launches
/// a contest first), and each published round is that assignment's activity, counted as any other.
extension ContestFlowTests {
    @Test func aPublishedRoundIsTheActivityOfTheTaskThatLaunchedTheContest() async throws {
        try await withClockedTestApp { app, clock in
            _ = try await DemoPlans.loadIfNone(app: app)
            let district = try await unit("ST-CTH", on: app.db)
            // Châu Thành's own plan launches a contest that the district itself carries out (no assignment of its own).
            let plan = try #require(try await App.Plan.query(on: app.db).filter(\.$unit.$id == district.requireID()).filter(\.$status == .issued).first())
            let tasks = try await TaskEntry.query(on: app.db).filter(\.$plan.$id == plan.requireID()).sort(\.$position).all()
            let launching = try #require(tasks.first { ContestTask.launches($0.content) })
            let foreign = try #require(try await Assignment.query(on: app.db).filter(\.$unit.$id != district.requireID()).first())
            var owner = Browser(app)
            try await owner.login("chauthanh.kehoach")
            let form = try await owner.get("/contests/new").body.string
            #expect(form.contains("value=\"t:\(try launching.requireID())\""), "the tasks of the district's own plan are offered")
            let selected = try #require(form.components(separatedBy: "\" selected>").dropFirst().first?.components(separatedBy: "</option>").first)
            #expect(ContestTask.launches(selected), "a task that launches a contest is chosen first: \(selected)")
            let refused = try await owner.post("/contests", [("title", "Cuộc thi A"), ("rules", ""), ("consent", "Đồng ý"), ("ask[]", "cccd"),
                                                             ("task", "a:" + (try foreign.requireID()).uuidString)])
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("không phải nhiệm vụ của"))
            #expect(refused.body.string.contains("Cuộc thi A"), "what was typed is kept")
            #expect(try await owner.post("/contests", [("title", "Cuộc thi B"), ("rules", ""), ("consent", "Đồng ý"), ("ask[]", "cccd"),
                                                       ("task", "t:" + (try launching.requireID()).uuidString)]).status == .seeOther)
            let contest = try #require(try await Contest.query(on: app.db).filter(\.$title == "Cuộc thi B").first())
            #expect(contest.taskID == launching.id && contest.$assignment.id == nil)
            let id = try contest.requireID()
            #expect(try await owner.post("/contests/\(id)/questions", [("text", Self.bank)]).status == .seeOther)
            #expect(try await owner.post("/contests/\(id)/rounds", [("opens", AppClock.display(clock.now.addingTimeInterval(-60))),
                ("closes", AppClock.display(clock.now.addingTimeInterval(3_600))), ("minutes", "10"), ("questions", "3"), ("audience", "citizens")]).status == .seeOther)
            for n in 0..<2 {
                var b = Browser(app)
                #expect(try await b.post("/thi/\(contest.publicCode)/start", [("name", "Người \(n)"), ("cccd", "07955500000\(n)"), ("consent", "1")],
                                         withCSRF: false).status == .seeOther)
                #expect(try await b.post("/thi/\(contest.publicCode)/nop", [("q1", "0")], withCSRF: false).status == .ok)
            }
            clock.advance(7_200)
            try await owner.login("chauthanh.kehoach")
            try await owner.get("/contests/\(id)")
            let published = try await owner.post("/contests/\(id)/publish", [("round", "1")])
            #expect(published.status == .seeOther)
            let activity = try #require(try await Activity.query(on: app.db).filter(\.$task.$id == launching.requireID()).filter(\.$kind == .contest).first())
            #expect(activity.$unit.id == district.id && activity.$assignment.id == nil)
            #expect(activity.reach == 2 && activity.title.contains("vòng 1: 2 người dự thi") && activity.link?.contains("/thi/\(contest.publicCode)") == true)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$entityType == .activity).filter(\.$entityID == activity.requireID().uuidString).count() == 1)
            let round = try #require(try await ContestRound.query(on: app.db).filter(\.$contest.$id == id).first())
            #expect(round.activityID == activity.id)
            // A correction publishes again; the activity stays one.
            #expect(try await owner.post("/contests/\(id)/publish", [("round", "1"), ("reason", "Sửa tên")]).status == .seeOther)
            #expect(try await Activity.query(on: app.db).filter(\.$kind == .contest).filter(\.$task.$id == launching.requireID()).count() == 1)
            #expect(try await owner.get("/contests/\(id)").body.string.contains("Nhiệm vụ trong kế hoạch"))
        }
    }
}
