import Fluent
import Foundation
import Testing
import Vapor
@testable import App
import Domain

/// A district's draft started from the province plan.
@Suite struct PlanDerivationTests {
    @Test func aDistrictStartsFromTheProvincePlanWithTheTasksThatNameIt() async throws {
        try await withTestApp { app in
            var province = Browser(app)
            try await province.login("snv.kehoach")
            let (res, id) = try await PlanTests.upload(&province, seed: "002")
            #expect(res.status == .seeOther)
            let parentID = try #require(id)
            let parent = try await PlanService.find(parentID, on: app.db)
            let parentTasks = try await PlanService.tasks(of: parent, on: app.db)
            let districtGroup = try #require(try await UnitGroup.query(on: app.db).filter(\.$name == "UBND cấp huyện").first())
            let namingDistricts = parentTasks.filter { $0.units.contains { $0.$group.id == districtGroup.id } }.map(\.content)
            #expect(namingDistricts.count >= 3)

            var district = Browser(app)
            try await district.login("chauthanh.kehoach")
            let page = try await district.get("/plans/\(parentID)")
            #expect(page.body.string.contains("Lập kế hoạch của đơn vị mình từ kế hoạch này"))
            let derived = try await district.post("/plans/\(parentID)/derive", [])
            #expect(derived.status == .seeOther)
            let child = try #require(try await App.Plan.query(on: app.db).filter(\.$parentPlan.$id == parentID).with(\.$unit).first())
            #expect(child.unit.code == "ST-CTH")
            #expect(child.status == .draft)
            #expect(child.sections.targets == parent.sections.targets)
            #expect(child.sections.topics == parent.sections.topics)
            #expect(child.sections.forms == parent.sections.forms)
            #expect(child.sections.legalBases.first?.text.contains(parent.title) == true)
            let childTasks = try await PlanService.tasks(of: child, on: app.db)
            #expect(childTasks.map(\.content) == namingDistricts)
            #expect(childTasks.allSatisfy { $0.units.first?.$unit.id == child.$unit.id })
            #expect(try await district.post("/plans/\(parentID)/derive", []).status == .conflict)
            // The parent lists its child; Vĩnh Châu also gets the task that names it by name.
            #expect(try await province.get("/plans/\(parentID)").body.string.contains("Kế hoạch cấp dưới"))
            let vinhChau = try await unit("ST-VC", on: app.db)
            let theirs = try await PlanDerivation.derive(from: parent, for: vinhChau, actor: .system, today: CalendarDate(year: 2025, month: 2, day: 1)!,
                                                         now: Date(), on: app.db)
            let theirTasks = try await PlanService.tasks(of: theirs, on: app.db).map(\.content)
            #expect(theirTasks.count == namingDistricts.count + 1)
            #expect(Set(namingDistricts).isSubset(of: Set(theirTasks)))
            // Units that are not below the province plan's issuer, or not plan owners, cannot.
            var reporter = Browser(app)
            try await reporter.login("chauthanh.pnv")
            try await reporter.get("/plans/\(parentID)")
            #expect(try await reporter.post("/plans/\(parentID)/derive", []).status == .forbidden)
        }
    }

    @Test func aCommuneStartsFromTheProvincePlanDirectly() async throws {
        try await withTestApp { app in
            // Two tiers: the commune's plan comes from the plan of the province (or city) it belongs to.
            var doc = Domain.Plan()
            doc.year = 2026
            doc.title = "Kế hoạch tuyên truyền cải cách hành chính năm 2026"
            let p = TimeframeParser(planYear: 2026)
            doc.tasks = [
                PlanTask(no: 1, content: "Chuyên mục trên loa truyền thanh", lead: ["UBND cấp xã"], coordinating: [], timeframe: p.parse("Hằng tháng")),
                PlanTask(no: 2, content: "Hội thi cấp tỉnh", lead: ["Sở Nội vụ"], coordinating: ["Sở Tư pháp"], timeframe: p.parse("Quý III/2026")),
                PlanTask(no: 3, content: "Đối thoại với người dân", lead: ["Sở Nội vụ"], coordinating: ["UBND xã Phú Tâm"], timeframe: p.parse("Tháng 10/2026")),
            ]
            let province = try await unit("ST", on: app.db)
            let parent = try await PlanService.store(doc, issuer: province, sourceName: nil, actor: .system,
                                                     today: CalendarDate(year: 2026, month: 1, day: 10)!, now: Date(), on: app.db)
            let links = try await TaskUnit.query(on: app.db).filter(\.$plan.$id == parent.requireID()).with(\.$group).all()
            #expect(links.first { $0.name == "UBND cấp xã" }?.group?.name == "UBND cấp xã trong tỉnh")
            let commune = try await unit("ST-CTH-XPT", on: app.db)
            try await parent.$unit.load(on: app.db)
            let child = try await PlanDerivation.derive(from: parent, for: commune, actor: .system, today: CalendarDate(year: 2026, month: 2, day: 1)!,
                                                        now: Date(), on: app.db)
            let tasks = try await PlanService.tasks(of: child, on: app.db).map(\.content)
            #expect(tasks == ["Chuyên mục trên loa truyền thanh", "Đối thoại với người dân"])
            #expect(child.$parentPlan.id == parent.id)
        }
    }
}
