import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import App
import Domain

@Suite struct AccessRuleTests {
    @Test func aReportersTokenDoesNotReadAnotherUnitsContactDetails() async throws {
        try await withTestApp { app in
            let own = try await unit("ST-CTH-XPT", on: app.db)
            let other = try await unit("ST-CTH-PNV", on: app.db)
            for u in [own, other] { u.phone = "0299 111 \(u.code)"; u.email = "x@\(u.code.lowercased()).gov.vn"; try await u.save(on: app.db) }
            let user = try #require(try await User.query(on: app.db).filter(\.$username == "phutam").first())
            let token = try await APITokenService.create(on: app.db, user: user, name: "t", days: 5, actor: .system, now: Date())
            let auth: HTTPHeaders = ["Authorization": "Bearer \(token)"]
            let mine = try await app.testing().sendRequest(.GET, "/api/v1/units/\(try own.requireID())", headers: auth)
            #expect(mine.body.string.contains("0299 111 ST-CTH-XPT"))
            let theirs = try await app.testing().sendRequest(.GET, "/api/v1/units/\(try other.requireID())", headers: auth)
            #expect(theirs.status == .ok)
            #expect(!theirs.body.string.contains("0299 111"))
            #expect(!theirs.body.string.contains("@st-cth-pnv"))
            let list = try await app.testing().sendRequest(.GET, "/api/v1/units?q=phong%20noi%20vu", headers: auth)
            #expect(list.body.string.contains("Phòng Nội vụ huyện Châu Thành"))
            #expect(!list.body.string.contains("0299 111 ST-CTH-PNV"))
            let group = try #require(try await UnitGroup.query(on: app.db).filter(\.$name == "Các cơ quan, ban ngành huyện").first())
            let members = try await app.testing().sendRequest(.GET, "/api/v1/groups/\(try group.requireID())/members", headers: auth)
            #expect(members.body.string.contains("Phòng Nội vụ huyện Châu Thành"))
            #expect(!members.body.string.contains("0299 111"))
        }
    }

    @Test func aReportersLogAndDashboardShowOnlyTheirOwnUnit() async throws {
        try await withTestApp { app in
            var admin = Browser(app)
            try await admin.login("admin")
            let sibling = try await unit("ST-CTH-TTVH", on: app.db)
            try await admin.get("/units/\(try sibling.requireID())/contact")
            #expect(try await admin.post("/units/\(try sibling.requireID())/contact", [("phone", "0299 555 666")]).status == .seeOther)
            var reporter = Browser(app)
            try await reporter.login("chauthanh.pnv")
            let own = try await unit("ST-CTH-PNV", on: app.db)
            try await reporter.get("/units/\(try own.requireID())/contact")
            #expect(try await reporter.post("/units/\(try own.requireID())/contact", [("phone", "0299 777 888")]).status == .seeOther)
            let log = try await reporter.get("/audit")
            #expect(log.body.string.contains("Phòng Nội vụ huyện Châu Thành"))
            #expect(!log.body.string.contains("Trung tâm Văn hóa"))
            let home = try await reporter.get("/")
            #expect(home.body.string.contains("<strong>1</strong><span>đơn vị"))
            #expect(!home.body.string.contains("Trung tâm Văn hóa"))
            // The district's plan owner sees both.
            var owner = Browser(app)
            try await owner.login("chauthanh.kehoach")
            let ownerLog = try await owner.get("/audit")
            #expect(ownerLog.body.string.contains("Trung tâm Văn hóa"))
            #expect(ownerLog.body.string.contains("Phòng Nội vụ huyện Châu Thành"))
        }
    }

    @Test func aPlanOwnerManagesInsideTheirAreaAndIsRefusedOutside() async throws {
        try await withTestApp { app in
            var b = Browser(app)
            try await b.login("chauthanh.kehoach")
            let district = try await unit("ST-CTH", on: app.db)
            let elsewhere = try await unit("ST-VC", on: app.db)
            try await b.get("/units/new")
            let form: (UUID, String) -> [(String, String)] = { parent, code in
                [("code", code), ("name", "Phòng Dân tộc \(code)"), ("kind", "office"), ("level", "district"), ("parentID", parent.uuidString)]
            }
            #expect(try await b.post("/units", form(try district.requireID(), "ST-CTH-PDT")).status == .seeOther)
            let outside = try await b.post("/units", form(try elsewhere.requireID(), "ST-VC-PDT"))
            #expect(outside.status == .unprocessableEntity)
            #expect(outside.body.string.contains("phạm vi"))
            #expect(try await App.Unit.query(on: app.db).filter(\.$code == "ST-VC-PDT").count() == 0)
            // Accounts: inside yes, outside no, never an administrator.
            let newUnit = try await unit("ST-CTH-PDT", on: app.db)
            try await b.get("/users/new")
            let account: (UUID, String, String) -> [(String, String)] = { unitID, name, role in
                [("username", name), ("fullName", "Nguyễn Văn \(name)"), ("role", role), ("unitID", unitID.uuidString), ("password", "Mùa nước nổi 2026")]
            }
            #expect(try await b.post("/users", account(try newUnit.requireID(), "pdt.canbo", "reporter")).status == .seeOther)
            #expect(try await b.post("/users", account(try elsewhere.requireID(), "vc.canbo", "reporter")).status == .unprocessableEntity)
            #expect(try await b.post("/users", account(try newUnit.requireID(), "pdt.quantri", "admin")).status == .unprocessableEntity)
            #expect(try await User.query(on: app.db).filter(\.$username ~~ ["vc.canbo", "pdt.quantri"]).count() == 0)
            let admin = try #require(try await User.query(on: app.db).filter(\.$username == "admin").first())
            let vinhchau = try #require(try await User.query(on: app.db).filter(\.$username == "vinhchau.kehoach").first())
            #expect(try await b.get("/users/\(try admin.requireID())/edit").status == .forbidden)
            #expect(try await b.post("/users/\(try vinhchau.requireID())/password", [("password", "Mùa nước nổi 2026")]).status == .forbidden)
            // The account list holds only the area's accounts.
            let list = try await b.get("/users")
            #expect(list.body.string.contains("pdt.canbo"))
            #expect(!list.body.string.contains("vinhchau.kehoach"))
            // Its own unit cannot be retired or moved away by it.
            #expect(try await b.get("/units/\(try district.requireID())/retire").status == .forbidden)
            // A reporter or a leader manages nothing.
            var leader = Browser(app)
            try await leader.login("chauthanh.lanhdao")
            #expect(try await leader.get("/users").status == .forbidden)
            #expect(try await leader.get("/units/new").status == .forbidden)
        }
    }

    @Test func aMovedUnitIsSeenByItsNewParentsPlanOwnersWithItsHistory() async throws {
        try await withTestApp { app in
            let commune = try await unit("ST-CTH-XPT", on: app.db)
            var reporter = Browser(app)
            try await reporter.login("phutam")
            try await reporter.get("/units/\(try commune.requireID())/contact")
            #expect(try await reporter.post("/units/\(try commune.requireID())/contact", [("phone", "0299 3333 444")]).status == .seeOther)
            var oldOwner = Browser(app)
            try await oldOwner.login("chauthanh.kehoach")
            #expect(try await oldOwner.get("/audit").body.string.contains("xã Phú Tâm"))
            var newOwner = Browser(app)
            try await newOwner.login("vinhchau.kehoach")
            #expect(!(try await newOwner.get("/audit").body.string.contains("xã Phú Tâm")))

            // The administrator moves the commune under Vĩnh Châu.
            var admin = Browser(app)
            try await admin.login("admin")
            let vc = try await unit("ST-VC", on: app.db)
            try await admin.get("/units/\(try commune.requireID())/edit")
            let moved = try await admin.post("/units/\(try commune.requireID())", [("code", commune.code), ("name", commune.name),
                                                                                   ("kind", commune.kind.rawValue), ("level", commune.level.rawValue),
                                                                                   ("parentID", try vc.requireID().uuidString)])
            #expect(moved.status == .seeOther)
            let newLog = try await newOwner.get("/audit")
            #expect(newLog.body.string.contains("Cập nhật thông tin liên hệ của Ủy ban nhân dân xã Phú Tâm"))
            #expect(try await newOwner.get("/units/\(try commune.requireID())/users").status == .ok)
            #expect(!(try await oldOwner.get("/audit").body.string.contains("Cập nhật thông tin liên hệ của Ủy ban nhân dân xã Phú Tâm")))
            #expect(try await oldOwner.get("/units/\(try commune.requireID())/users").status == .forbidden)
        }
    }

    @Test func changingAnAccountsRoleOrUnitSignsItOut() async throws {
        try await withTestApp { app in
            var reporter = Browser(app)
            try await reporter.login("phutam")
            #expect(try await reporter.get("/").status == .ok)
            let user = try #require(try await User.query(on: app.db).filter(\.$username == "phutam").first())
            var admin = Browser(app)
            try await admin.login("admin")
            try await admin.get("/users/\(try user.requireID())/edit")
            let res = try await admin.post("/users/\(try user.requireID())", [("fullName", "Lê Thị Phú Tâm"), ("email", ""), ("role", "leader"),
                                                                           ("unitID", user.$unit.id.uuidString)])
            #expect(res.status == .seeOther)
            #expect(try await User.find(user.id, on: app.db)?.role == .leader)
            #expect(try await reporter.get("/").status == .seeOther)
            let entry = try #require(try await AuditEntry.query(on: app.db).filter(\.$entityID == user.requireID().uuidString)
                .filter(\.$summary, .custom("LIKE"), "Sửa tài khoản%").first())
            #expect(entry.after?.contains("leader") == true)
        }
    }

    @Test func retiringAndLockingAskForConfirmationAndKeepWhatWasTyped() async throws {
        try await withTestApp { app in
            var admin = Browser(app)
            try await admin.login("admin")
            let pnv = try await unit("ST-CTH-PNV", on: app.db)
            let page = try await admin.get("/units/\(try pnv.requireID())/retire")
            #expect(page.body.string.contains("Tôi xác nhận"))
            let badDate = try await admin.post("/units/\(try pnv.requireID())/retire", [("date", "31/02/2025"), ("confirm", "1")])
            #expect(badDate.status == .unprocessableEntity)
            #expect(badDate.body.string.contains("value=\"31/02/2025\""))
            #expect(badDate.body.string.contains("ngày/tháng/năm"))
            let unconfirmed = try await admin.post("/units/\(try pnv.requireID())/retire", [("date", "30/06/2025")])
            #expect(unconfirmed.status == .unprocessableEntity)
            #expect(unconfirmed.body.string.contains("value=\"30/06/2025\""))
            #expect(try await unit("ST-CTH-PNV", on: app.db).validTo == nil)
            #expect(try await admin.post("/units/\(try pnv.requireID())/retire", [("date", "30/06/2025"), ("confirm", "1")]).status == .seeOther)
            #expect(try await unit("ST-CTH-PNV", on: app.db).validTo == CalendarDate("2025-06-30"))

            let user = try #require(try await User.query(on: app.db).filter(\.$username == "phutam").first())
            let lock = try await admin.get("/users/\(try user.requireID())/active")
            #expect(lock.body.string.contains("Khóa tài khoản"))
            #expect(try await User.find(user.id, on: app.db)?.isActive == true)
            let me = try #require(try await User.query(on: app.db).filter(\.$username == "admin").first())
            let own = try await admin.post("/users/\(try me.requireID())/active", [])
            #expect(own.status == .seeOther)
            #expect(try await User.find(me.id, on: app.db)?.isActive == true)
            #expect(try await admin.get("/users").body.string.contains("không thể tự khóa"))
        }
    }

    @Test func theCSVPagesSampleImportsAsWrittenForAdministratorsAndPlanOwners() async throws {
        try await withTestApp { app in
            for account in ["admin", "chauthanh.kehoach"] {
                var b = Browser(app)
                try await b.login(account)
                let page = try await b.get("/units/import")
                let body = page.body.string
                #expect(body.contains("Ủy ban nhân dân"))
                #expect(!body.contains("committee"))
                let start = try #require(body.range(of: "<pre>"))
                let end = try #require(body.range(of: "</pre>"))
                let sample = String(body[start.upperBound..<end.lowerBound])
                    .replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&#39;", with: "'")
                let res = try await b.postMultipart("/units/import", fileField: "file", filename: "mau.csv", content: sample)
                #expect(res.status == .ok)
                #expect(res.body.string.contains("1 đơn vị mới"))
            }
            // A plan owner's file that reaches outside the area is refused as a whole.
            var owner = Browser(app)
            try await owner.login("chauthanh.kehoach")
            try await owner.get("/units/import")
            let outside = "ma,ten,loai,cap,ma_don_vi_cha\nST-CTH-X1,Phòng thử,Phòng,huyện,ST-CTH\nST-VC-X2,Phòng khác,Phòng,huyện,ST-VC\n"
            let res = try await owner.postMultipart("/units/import", fileField: "file", filename: "x.csv", content: outside)
            #expect(res.status == .unprocessableEntity)
            #expect(res.body.string.contains("ngoài phạm vi"))
            #expect(try await App.Unit.query(on: app.db).filter(\.$code ~~ ["ST-CTH-X1", "ST-VC-X2"]).count() == 0)
            let missing = try await owner.postMultipart("/units/import", fileField: "file", filename: "x.csv", content: "ma,ten,cap\nA,B,xã\n")
            #expect(missing.body.string.contains("Thiếu cột bắt buộc &quot;loai&quot;") || missing.body.string.contains("Thiếu cột bắt buộc \"loai\""))
        }
    }

    @Test func importUnitsFromTheCommandLine() async throws {
        try await withTestApp { app in
            func run(_ arguments: [String]) async throws {
                var context = CommandContext(console: Terminal(), input: CommandInput(arguments: ["cchc"] + arguments))
                context.application = app
                try await ImportUnitsCommand().run(using: &context)
            }
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cchc-import-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let good = folder.appendingPathComponent("good.csv")
            try "ma,ten,loai,cap,ma_don_vi_cha\nST-CTH-XPT-A1,Ấp Phú Hữu,Ấp,dưới xã,ST-CTH-XPT\n".write(to: good, atomically: true, encoding: .utf8)
            try await run([good.path])
            #expect(try await App.Unit.query(on: app.db).filter(\.$code == "ST-CTH-XPT-A1").first()?.kind == .hamlet)
            let bad = folder.appendingPathComponent("bad.csv")
            try "ma,ten,loai,cap,ma_don_vi_cha\nX,Đơn vị X,không rõ,xã,\n".write(to: bad, atomically: true, encoding: .utf8)
            await #expect(throws: App.CommandFailure.self) { try await run([bad.path]) }
            // With --as, the account's area applies.
            let outside = folder.appendingPathComponent("outside.csv")
            try "ma,ten,loai,cap,ma_don_vi_cha\nST-VC-A9,Phòng thử,Phòng,huyện,ST-VC\n".write(to: outside, atomically: true, encoding: .utf8)
            await #expect(throws: App.CommandFailure.self) { try await run([outside.path, "--as", "chauthanh.kehoach"]) }
            #expect(try await App.Unit.query(on: app.db).filter(\.$code == "ST-VC-A9").count() == 0)
        }
    }
}
