import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import App
import Domain

@Suite struct AccessTests {
    @Test func aReporterCannotTouchASiblingUnit() async throws {
        try await withTestApp { app in
            let own = try await unit("ST-CTH-PNV", on: app.db)
            let sibling = try await unit("ST-CTH-TTVH", on: app.db)
            sibling.phone = "0299 3999 999"
            try await sibling.save(on: app.db)
            var b = Browser(app)
            try await b.login("chauthanh.pnv")
            let sid = try sibling.requireID()
            #expect(try await b.get("/units/\(sid)/contact").status == .forbidden)
            #expect(try await b.get("/units/\(sid)/users").status == .forbidden)
            #expect(try await b.get("/units/\(sid)/edit").status == .forbidden)
            try await b.get("/units/\(try own.requireID())")
            let post = try await b.post("/units/\(sid)/contact", [("phone", "0000")])
            #expect(post.status == .forbidden)
            let edit = try await b.post("/units/\(sid)", [("code", "X"), ("name", "Đổi tên"), ("kind", "office"), ("level", "district")])
            #expect(edit.status == .forbidden)
            #expect(try await unit("ST-CTH-TTVH", on: app.db).phone == "0299 3999 999")
            #expect(try await unit("ST-CTH-TTVH", on: app.db).name.hasPrefix("Trung tâm Văn hóa"))
            let page = try await b.get("/units/\(sid)")
            #expect(page.status == .ok)
            #expect(!page.body.string.contains("0299 3999 999"))
            // its own records are reachable
            #expect(try await b.get("/units/\(try own.requireID())/users").status == .ok)
            // and the audit log shows nothing of the sibling: an administrator's change to it is logged, and not shown here
            var admin = Browser(app)
            try await admin.login("admin")
            try await admin.get("/units/\(sid)/contact")
            #expect(try await admin.post("/units/\(sid)/contact", [("phone", "0299 3777 777")]).status == .seeOther)
            #expect(try await admin.get("/audit").body.string.contains("0299 3777 777"))
            let audit = try await b.get("/audit")
            #expect(audit.status == .ok && !audit.body.string.contains("0299 3777 777"))
        }
    }

    @Test func aReporterEditsItsOwnContactAndTheAuditLogKeepsBeforeAndAfter() async throws {
        try await withTestApp { app in
            let own = try await unit("ST-CTH-PNV", on: app.db)
            var b = Browser(app)
            try await b.login("chauthanh.pnv")
            try await b.get("/units/\(try own.requireID())/contact")
            let bad = try await b.post("/units/\(try own.requireID())/contact", [("email", "khong-hop-le"), ("phone", "abc")])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("Địa chỉ thư điện tử không hợp lệ"))
            let ok = try await b.post("/units/\(try own.requireID())/contact", [("email", "pnv@chauthanh.soctrang.gov.vn"), ("phone", "0299 3841 234")])
            #expect(ok.status == .seeOther)
            #expect(try await unit("ST-CTH-PNV", on: app.db).email == "pnv@chauthanh.soctrang.gov.vn")
            let entry = try #require(try await AuditEntry.query(on: app.db).filter(\.$entityID == own.requireID().uuidString)
                .filter(\.$action == .update).first())
            #expect(entry.actorName == "chauthanh.pnv")
            #expect(entry.before?.contains("pnv@") == false)
            #expect(entry.after?.contains("pnv@chauthanh.soctrang.gov.vn") == true)
        }
    }

    @Test func leadersReadTheirSubtreeButDoNotEdit() async throws {
        try await withTestApp { app in
            let commune = try await unit("ST-CTH-XPT", on: app.db)
            var b = Browser(app)
            try await b.login("chauthanh.lanhdao")
            #expect(try await b.get("/units/\(try commune.requireID())/users").status == .ok)
            #expect(try await b.get("/units/\(try commune.requireID())/contact").status == .forbidden)
            let other = try await unit("ST-VC-PNV", on: app.db)
            #expect(try await b.get("/units/\(try other.requireID())/users").status == .forbidden)
        }
    }
}

@Suite struct UnitRegistryTests {
    @Test func searchIgnoresCaseAndDiacriticsAndFindsAliasesAndGroups() async throws {
        try await withTestApp { app in
            var b = Browser(app)
            try await b.login("admin")
            let res = try await b.get("/units/search?q=phong%20noi%20vu")
            #expect(res.body.string.contains("Phòng Nội vụ huyện Châu Thành"))
            let alias = try await b.get("/units/search?q=trung%20tam%20vh-tt-tt")
            #expect(alias.body.string.contains("Trung tâm Văn hóa – Thể thao – Truyền thanh huyện Châu Thành"))
            let group = try await b.get("/units/search?q=ubnd%20cap%20xa")
            #expect(group.body.string.contains("/groups/"))
        }
    }

    @Test func communeGroupResolvesOnADate() async throws {
        try await withTestApp { app in
            let district = try await unit("ST-CTH", on: app.db)
            let group = try #require(try await UnitGroup.query(on: app.db).filter(\.$anchor.$id == district.requireID())
                .filter(\.$name == "UBND cấp xã").first())
            let today = try #require(CalendarDate(year: 2025, month: 3, day: 1))
            #expect(try await GroupService.resolve(group, on: today, db: app.db).count == 8)
            let commune = try await unit("ST-CTH-XAN", on: app.db)
            try await UnitService.retire(commune, on: try #require(CalendarDate(year: 2025, month: 6, day: 30)), actor: .system, now: Date(), on: app.db)
            #expect(try await GroupService.resolve(group, on: today, db: app.db).count == 8)
            #expect(try await GroupService.resolve(group, on: try #require(CalendarDate(year: 2025, month: 7, day: 1)), db: app.db).count == 7)
        }
    }

    @Test func adminAddsAUnitWithFieldErrorsFirst() async throws {
        try await withTestApp { app in
            var b = Browser(app)
            try await b.login("admin")
            try await b.get("/units/new")
            let bad = try await b.post("/units", [("code", ""), ("name", ""), ("kind", "x"), ("level", "district")])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("Vui lòng nhập mã đơn vị"))
            #expect(bad.body.string.contains("Vui lòng chọn loại đơn vị"))
            let parent = try await unit("ST-CTH-XPT", on: app.db)
            let before = try await AuditEntry.query(on: app.db).count()
            let ok = try await b.post("/units", [("code", "ST-CTH-XPT-A1"), ("name", "Ấp Phú Hòa"), ("kind", "hamlet"),
                                                  ("level", "below"), ("parentID", try parent.requireID().uuidString),
                                                  ("aliases", "Ấp Phú Hòa xã Phú Tâm"), ("validFrom", "01/01/2025")])
            #expect(ok.status == .seeOther)
            let created = try await unit("ST-CTH-XPT-A1", on: app.db)
            #expect(created.path.hasPrefix(parent.path))
            #expect(created.validFrom == CalendarDate("2025-01-01"))
            #expect(try await AuditEntry.query(on: app.db).count() == before + 1)
            let dup = try await b.post("/units", [("code", "ST-CTH-XPT-A1"), ("name", "Khác"), ("kind", "hamlet"), ("level", "below")])
            #expect(dup.status == .unprocessableEntity)
            #expect(dup.body.string.contains("đã được dùng"))
        }
    }

    @Test func csvImportReportsLinesAndStoresNothingWhenAnyLineIsBad() async throws {
        try await withTestApp { app in
            var b = Browser(app)
            try await b.login("admin")
            try await b.get("/units/import")
            let count = try await App.Unit.query(on: app.db).count()
            let bad = "ma,ten,loai,cap,ma_don_vi_cha\nN1,Phòng mới 1,office,district,ST-CTH\nN2,Phòng mới 2,khong-ro,district,ST-CTH\nN3,,office,district,ST-CTH\n"
            let res = try await b.postMultipart("/units/import", fileField: "file", filename: "don-vi.csv", content: bad)
            #expect(res.status == .unprocessableEntity)
            #expect(res.body.string.contains("Dòng 3"))
            #expect(res.body.string.contains("Dòng 4"))
            #expect(try await App.Unit.query(on: app.db).count() == count)
            let good = "ma,ten,loai,cap,ma_don_vi_cha,ten_goi_khac\nN1,Phòng Dân tộc huyện Châu Thành,office,district,ST-CTH,PDT|Phòng Dân tộc\n"
            let ok = try await b.postMultipart("/units/import", fileField: "file", filename: "don-vi.csv", content: good)
            #expect(ok.status == .ok)
            #expect(try await App.Unit.query(on: app.db).count() == count + 1)
            let search = try await b.get("/units/search?q=pdt")
            #expect(search.body.string.contains("Phòng Dân tộc huyện Châu Thành"))
            let wrongType = try await b.postMultipart("/units/import", fileField: "file", filename: "anh.png", content: "x")
            #expect(wrongType.status == .unprocessableEntity)
        }
    }

    @Test func adminCreatesAccountsAndResetsPasswords() async throws {
        try await withTestApp { app in
            var b = Browser(app)
            try await b.login("admin")
            try await b.get("/users/new")
            let unitID = try await unit("ST-CTH-XPT", on: app.db).requireID().uuidString
            let weak = try await b.post("/users", [("username", "phutam2"), ("fullName", "Nguyễn Văn A"), ("role", "reporter"),
                                                    ("unitID", unitID), ("password", "123")])
            #expect(weak.status == .unprocessableEntity)
            #expect(weak.body.string.contains("ít nhất 10 ký tự"))
            let ok = try await b.post("/users", [("username", "phutam2"), ("fullName", "Nguyễn Văn A"), ("role", "reporter"),
                                                  ("unitID", unitID), ("password", "mat-khau-moi-1")])
            #expect(ok.status == .seeOther)
            let user = try #require(try await User.query(on: app.db).filter(\.$username == "phutam2").first())
            try await b.get("/users/\(try user.requireID())/password")
            let reset = try await b.post("/users/\(try user.requireID())/password", [("password", "mat-khau-moi-2")])
            #expect(reset.status == .seeOther)
            let entries = try await AuditEntry.query(on: app.db).filter(\.$entityID == user.requireID().uuidString).all()
            #expect(entries.count == 2)
            #expect(entries.allSatisfy { ($0.after ?? "").contains("$2b$") == false })
            var newcomer = Browser(app)
            #expect(try await newcomer.login("phutam2", password: "mat-khau-moi-2").status == .seeOther)
            // non-admins cannot reach account administration
            #expect(try await newcomer.get("/users").status == .forbidden)
        }
    }
}
