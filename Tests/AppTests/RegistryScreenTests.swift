import Fluent
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import Vapor
import VaporTesting
import ZIPFoundation
@testable import App
import Domain

@Suite struct RegistryScreenTests {
    @Test func theTreeOpensOneLevelAtATimeWithPagesAndFilters() async throws {
        try await withTestApp { app in
            var b = Browser(app)
            try await b.login("chauthanh.pnv")
            let root = try await b.get("/units")
            #expect(root.body.string.contains("Ủy ban nhân dân tỉnh Sóc Trăng"))
            #expect(!root.body.string.contains("xã Phú Tâm"))
            #expect(root.body.string.contains("Hiển thị 1–1 trên 1 đơn vị"))
            let province = try await unit("ST", on: app.db)
            let level = try await b.get("/units?parent=\(try province.requireID())")
            #expect(level.body.string.contains("Ủy ban nhân dân huyện Châu Thành"))
            #expect(level.body.string.contains("đơn vị trực thuộc</a>"))
            #expect(!level.body.string.contains("xã Phú Tâm"))
            // A district with more than a page of units pages, and keeps its filters in the links.
            let district = try await unit("ST-CTH", on: app.db)
            for i in 0..<60 {
                try await App.Unit(code: "ST-CTH-AP\(i)", name: "Ấp thử \(i)", kind: .hamlet, level: .below, parent: district).create(on: app.db)
            }
            let first = try await b.get("/units?parent=\(try district.requireID())&kind=hamlet")
            #expect(first.body.string.contains("Hiển thị 1–50 trên 60 đơn vị"))
            #expect(first.body.string.contains("page=2"))
            #expect(first.body.string.contains("kind=hamlet"))
            let second = try await b.get("/units?parent=\(try district.requireID())&kind=hamlet&page=2")
            #expect(second.body.string.contains("Hiển thị 51–60 trên 60 đơn vị"))
            let offices = try await b.get("/units?kind=office&level=district")
            #expect(offices.body.string.contains("Phòng Nội vụ huyện Châu Thành"))
            #expect(!offices.body.string.contains("Ấp thử"))
            #expect(try await b.get("/units?parent=khong-phai-ma").status == .notFound)
        }
    }

    @Test func searchPutsExactAndPrefixMatchesFirstAndFindsCodes() async throws {
        try await withTestApp { app in
            var b = Browser(app)
            try await b.login("admin")
            let byCode = try await b.get("/units/search?q=st-cth-pnv")
            #expect(byCode.body.string.contains("Phòng Nội vụ huyện Châu Thành"))
            let results = try await UnitService.search("phong noi vu", on: app.db)
            #expect(results.units.first?.name.hasPrefix("Phòng Nội vụ") == true)
            #expect(results.total == results.units.count)
            let exact = try await UnitService.search("ST-VC", on: app.db)
            #expect(exact.units.first?.code == "ST-VC")
            #expect(exact.total > 1)
            let province = try await UnitService.search("uy ban nhan dan tinh soc trang", on: app.db)
            #expect(province.units.first?.code == "ST")
            // An alias spelled exactly comes before names that only contain the words.
            let alias = try await UnitService.search("pnv", on: app.db)
            #expect(alias.units.first?.code.hasSuffix("-PNV") == true)
            // Paged: the second page goes on where the first stopped.
            let all = try await UnitService.search("xa", on: app.db, limit: 500)
            let page2 = try await UnitService.search("xa", on: app.db, offset: 5, limit: 5)
            #expect(page2.units.map(\.code) == all.units.dropFirst(5).prefix(5).map(\.code))
        }
    }

    @Test func pickersTakeACodeOrANameAndOfferChoicesWhenSeveralMatch() async throws {
        try await withTestApp { app in
            var b = Browser(app)
            try await b.login("admin")
            try await b.get("/units/new")
            let base: [(String, String)] = [("code", "ST-CTH-PDT"), ("name", "Phòng Dân tộc huyện Châu Thành"), ("kind", "office"), ("level", "district")]
            let ambiguous = try await b.post("/units", base + [("parentQuery", "phong noi vu")])
            #expect(ambiguous.status == .unprocessableEntity)
            #expect(ambiguous.body.string.contains("Có nhiều đơn vị khớp"))
            #expect(ambiguous.body.string.contains("type=\"radio\" name=\"parentID\""))
            #expect(ambiguous.body.string.contains("value=\"ST-CTH-PDT\""))
            let missing = try await b.post("/units", base + [("parentQuery", "không có đơn vị này")])
            #expect(missing.body.string.contains("Không tìm thấy đơn vị cấp trên"))
            let byCode = try await b.post("/units", base + [("parentQuery", "st-cth")])
            #expect(byCode.status == .seeOther)
            let created = try await unit("ST-CTH-PDT", on: app.db)
            #expect(created.$parent.id == (try await unit("ST-CTH", on: app.db)).id)
            // The account form the same way, by name.
            try await b.get("/users/new")
            let account = try await b.post("/users", [("username", "pdt.canbo"), ("fullName", "Trần Văn B"), ("role", "reporter"),
                                                      ("unitQuery", "Phòng Dân tộc huyện Châu Thành"), ("password", "Mùa nước nổi 2026")])
            #expect(account.status == .seeOther)
            #expect(try await User.query(on: app.db).filter(\.$username == "pdt.canbo").first()?.$unit.id == created.id)
            // The edit form shows the parent's code, and the page holds no list of the whole registry.
            let edit = try await b.get("/units/\(try created.requireID())/edit")
            #expect(edit.body.string.contains("name=\"parentQuery\" value=\"ST-CTH\""))
            let vc = try await unit("ST-VC", on: app.db).requireID()
            #expect(!edit.body.string.contains("<option value=\"\(vc)"))
        }
    }

    @Test func theRegistryAndAGroupExportToCSVAndExcel() async throws {
        try await withTestApp { app in
            var b = Browser(app)
            try await b.login("phutam")
            let own = try await unit("ST-CTH-XPT", on: app.db)
            own.phone = "0299 3841 000"
            try await own.save(on: app.db)
            let other = try await unit("ST-CTH-PNV", on: app.db)
            other.phone = "0299 3999 111"
            try await other.save(on: app.db)
            let csv = try await b.get("/units/export.csv")
            #expect(csv.headers.contentType?.subType == "csv")
            let text = csv.body.string
            #expect(text.hasPrefix("\u{FEFF}ma,ten,ten_viet_tat,loai,cap,ma_don_vi_cha"))
            #expect(text.contains("ST-CTH-PNV,Phòng Nội vụ huyện Châu Thành"))
            #expect(text.contains("0299 3841 000"))
            #expect(!text.contains("0299 3999 111"))
            // What was exported imports back unchanged (no new unit, every row an update).
            var admin = Browser(app)
            try await admin.login("admin")
            let count = try await App.Unit.query(on: app.db).count()
            let adminCSV = try await admin.get("/units/export.csv").body.string
            let result = try await UnitImportService.importCSV(String(adminCSV.dropFirst()), actor: .system, now: Date(), on: app.db)
            #expect(result.errors.isEmpty)
            #expect(result.created == 0 && result.updated == count)

            let xlsx = try await b.get("/units/export.xlsx")
            #expect(xlsx.headers.first(name: .contentDisposition)?.contains("danh-muc-don-vi.xlsx") == true)
            let archive = try Archive(data: Data(xlsx.body.readableBytesView), accessMode: .read)
            let entry = try #require(archive["xl/worksheets/sheet1.xml"])
            var sheet = Data()
            _ = try archive.extract(entry) { sheet.append($0) }
            let xml = String(decoding: sheet, as: UTF8.self)
            #expect(xml.contains("Phòng Nội vụ huyện Châu Thành"))
            #expect(!xml.contains("0299 3999 111"))
            let parser = XMLParser(data: sheet)
            #expect(parser.parse())

            let group = try #require(try await UnitGroup.query(on: app.db).filter(\.$name == "UBND cấp xã").first())
            let members = try await b.get("/groups/\(try group.requireID())/members.csv")
            #expect(members.body.string.contains("Ủy ban nhân dân xã Phú Tâm"))
            #expect(try await b.get("/groups/\(try group.requireID())/members.csv?date=32/13/2025").status == .badRequest)
        }
    }

    @Test func theLogShowsChangedFieldsInVietnameseWithPagesAndKeepsABadDate() async throws {
        try await withTestApp { app in
            var b = Browser(app)
            try await b.login("admin")
            let pnv = try await unit("ST-CTH-PNV", on: app.db)
            try await b.get("/units/\(try pnv.requireID())/edit")
            let res = try await b.post("/units/\(try pnv.requireID())", [("code", pnv.code), ("name", pnv.name), ("kind", "department"),
                                                                      ("level", "commune"), ("parentQuery", "ST-CTH"), ("aliases", "PNV")])
            #expect(res.status == .seeOther)
            let log = try await b.get("/audit?type=unit")
            let body = log.body.string
            #expect(body.contains("<strong>Cấp:</strong> Cấp huyện → Cấp xã"))
            #expect(body.contains("<strong>Loại:</strong> Phòng, ban chuyên môn → Sở, ban, ngành"))
            #expect(!body.contains("\"level\""))
            #expect(!body.contains("parentID"))
            #expect(body.contains("Hiển thị 1–"))
            let badDate = try await b.get("/audit?from=31%2F02%2F2025")
            #expect(badDate.status == .ok)
            #expect(badDate.body.string.contains("Ngày &quot;31/02/2025&quot; không hợp lệ") || badDate.body.string.contains("Ngày \"31/02/2025\" không hợp lệ"))
            #expect(badDate.body.string.contains("value=\"31/02/2025\""))
        }
    }
}
