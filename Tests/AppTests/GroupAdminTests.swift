import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import App
import Domain

@Suite struct GroupAdminTests {
    @Test func aPlanOwnerMakesAListGroupAndARuleGroupWithValidityInsideTheArea() async throws {
        try await withTestApp { app in
            var b = Browser(app)
            try await b.login("chauthanh.kehoach")
            try await b.get("/groups/new")
            let list: [(String, String)] = [("name", "Các xã điểm về CCHC"), ("anchorQuery", "ST-CTH"), ("type", "list"),
                                            ("members", "ST-CTH-XPT\r\nST-CTH-XAH"), ("aliases", "Xã điểm\r\nCác xã điểm"),
                                            ("validTo", "30/06/2025")]
            let march = try #require(CalendarDate(year: 2025, month: 3, day: 1))
            let july = try #require(CalendarDate(year: 2025, month: 7, day: 1))
            let made = try await b.post("/groups", list)
            #expect(made.status == .seeOther)
            let group = try #require(try await UnitGroup.query(on: app.db).filter(\.$name == "Các xã điểm về CCHC").first())
            let members = try await GroupService.resolve(group, on: march, db: app.db)
            #expect(Set(members.map(\.code)) == ["ST-CTH-XPT", "ST-CTH-XAH"])
            // After its last day the group names no unit.
            #expect(try await GroupService.resolve(group, on: july, db: app.db).isEmpty)
            let page = try await b.get("/groups/\(try group.requireID())?date=01/03/2025")
            #expect(page.body.string.contains("2 đơn vị vào ngày 01/03/2025"))
            #expect(page.body.string.contains("Danh sách đơn vị"))
            // A unit outside the area, or unknown, is refused with the code named; nothing changes.
            let edit = "/groups/\(try group.requireID())"
            try await b.get(edit + "/edit")
            let outside = try await b.post(edit, [("name", "Các xã điểm về CCHC"), ("anchorQuery", "ST-CTH"), ("type", "list"),
                                                 ("members", "ST-CTH-XPT\nST-VC-PNV\nKHONG-CO")])
            #expect(outside.status == .unprocessableEntity)
            #expect(outside.body.string.contains("KHONG-CO"))
            #expect(outside.body.string.contains("ST-VC-PNV"))
            #expect(outside.body.string.contains("ST-CTH-XPT"))
            #expect(try await GroupService.resolve(group, on: march, db: app.db).count == 2)
            // Turned into a rule: every committee of commune level under the district.
            let rule = try await b.post(edit, [("name", "UBND các xã, thị trấn"), ("anchorQuery", "ST-CTH"), ("type", "rule"),
                                              ("relation", "children"), ("kinds[]", "committee"), ("levels[]", "commune")])
            #expect(rule.status == .seeOther)
            let changed = try #require(try await UnitGroup.find(group.id, on: app.db))
            let communes = try await GroupService.resolve(changed, on: march, db: app.db)
            #expect(communes.count > 5)
            #expect(communes.allSatisfy { $0.kind == .committee && $0.level == .commune })
            let audit = try #require(try await AuditEntry.query(on: app.db).filter(\.$entityType == .unitGroup)
                .filter(\.$action == .update).first())
            #expect(audit.before?.contains("ST-CTH-XAH") == true)
            // Another district's group is not theirs to change.
            let other = try #require(try await UnitGroup.query(on: app.db).with(\.$anchor).all().first { $0.anchor.code == "ST-VC" })
            #expect(try await b.get("/groups/\(try other.requireID())/edit").status == .forbidden)
            let anchorOutside = try await b.post("/groups", [("name", "Nhóm lạ"), ("anchorQuery", "ST-VC"), ("type", "rule")])
            #expect(anchorOutside.status == .unprocessableEntity)
            #expect(anchorOutside.body.string.contains("phạm vi"))
        }
    }
}
