import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import App
import Domain

/// A creative round (a CCHC slogan per unit): the organiser names the rubric and the judges; units under it send one
/// entry each while the round is open (within the word limits, a file checked by content), another district cannot;
/// judges score once it has closed, see the entries without their units and the other judges' totals only after
/// scoring an entry; the final score is the mean; results are published once complete, then frozen, and exported.
extension ContestFlowTests {
    @Test func aSloganRoundJudgedBlindOnARubric() async throws {
        try await withClockedTestApp { app, clock in
            var owner = Browser(app)
            try await owner.login("chauthanh.kehoach")
            try await owner.get("/contests/new")
            #expect(try await owner.post("/contests", [("title", "Khẩu hiệu CCHC"), ("rules", ""), ("consent", "Đồng ý")]).status == .seeOther)
            let contest = try #require(try await Contest.query(on: app.db).filter(\.$title == "Khẩu hiệu CCHC").first())
            let id = try contest.requireID()
            let base = "/contests/\(id)"
            func round(_ rubric: String, judges: String) async throws -> BrowserResponse {
                try await owner.get(base)
                return try await owner.post(base + "/rounds/creative", [("opens", AppClock.display(clock.now.addingTimeInterval(-60))),
                    ("closes", AppClock.display(clock.now.addingTimeInterval(3_600))), ("wordMin", "3"), ("wordMax", "12"),
                    ("rubric", rubric), ("judges", judges), ("prizes", "1")])
            }
            let badRubric = try await round("Nội dung: 60\nSáng tạo", judges: "chauthanh.lanhdao")
            #expect(badRubric.status == .unprocessableEntity && badRubric.body.string.contains("dòng 2") && badRubric.body.string.contains("Thêm vòng sáng tác"))
            let stranger = try await round("Nội dung: 60\nSáng tạo: 40", judges: "chauthanh.lanhdao, vinhchau.kehoach")
            #expect(stranger.status == .unprocessableEntity && stranger.body.string.contains("vinhchau.kehoach"))
            #expect(try await round("Nội dung, ý nghĩa: 60\nTính sáng tạo – 40 điểm", judges: "chauthanh.lanhdao; chauthanh.ttvh").status == .seeOther)
            let entries = base + "/rounds/1/entries"

            // Units under the organiser send their entries; the word limits and the file's content are checked.
            var office = Browser(app)
            try await office.login("chauthanh.pnv")
            #expect(try await office.get("/contests").body.string.contains("Vòng sáng tác đang nhận bài"), "the unit finds the round from the contest list")
            #expect(try await office.get("/").body.string.contains("Vòng sáng tác đang nhận bài của đơn vị"))
            #expect(try await office.get(entries).body.string.contains("Bài dự thi của"))
            let long = try await office.post(entries, [("text", "Một hai ba bốn năm sáu bảy tám chín mười mười một mười hai mười ba")])
            #expect(long.status == .unprocessableEntity && long.body.string.contains("tối đa 12 chữ") && long.body.string.contains("mười ba"))
            #expect(try await office.post(entries, [("text", "Cải cách hành chính vì dân")]).status == .seeOther)
            #expect(try await office.post(entries, [("text", "Cải cách hành chính – phục vụ nhân dân")]).status == .seeOther)
            var commune = Browser(app)
            try await commune.login("phutam")
            try await commune.get(entries)
            let exe = try await commune.postMultipart(entries, fileField: "file", filename: "a.pdf", data: Data([0x4D, 0x5A, 0x90, 0]),
                                                      fields: [("text", "Dân cần, chính quyền có")])
            #expect(exe.status == .unsupportedMediaType && exe.body.string.contains("Dân cần, chính quyền có"))
            #expect(try await commune.postMultipart(entries, fileField: "file", filename: "ap-phich.pdf", data: SampleFiles.pdf,
                                                    fields: [("text", "Dân cần, chính quyền có")]).status == .seeOther)
            var other = Browser(app)
            try await other.login("vinhchau.kehoach")
            #expect(try await other.get(entries).status == .forbidden)
            #expect(try await other.post(entries, [("text", "Ba bốn năm sáu")]).status == .forbidden)
            let stored = try await ContestEntry.query(on: app.db).with(\.$unit).all()
            #expect(stored.count == 2 && stored.contains { $0.unit.code == "ST-CTH-PNV" && $0.text == "Cải cách hành chính – phục vụ nhân dân" })
            #expect(stored.contains { $0.fileName == "ap-phich.pdf" })
            #expect(try await owner.get(entries).body.string.contains("Dân cần, chính quyền có"), "the organiser sees every entry")
            #expect(!(try await office.get(entries).body.string.contains("Dân cần, chính quyền có")), "a unit sees its own entry only")

            // Judges wait for the close.
            var judge1 = Browser(app), judge2 = Browser(app)
            try await judge1.login("chauthanh.lanhdao")
            #expect(try await judge1.get(base + "/rounds/1/judging").body.string.contains("chấm sau khi đóng"))
            clock.advance(7_200)
            for (b, name) in [(owner, "chauthanh.kehoach"), (office, "chauthanh.pnv"), (judge1, "chauthanh.lanhdao")] {
                var b = b
                try await b.login(name)
                if name == "chauthanh.pnv" {
                    try await b.get(entries)
                    #expect(try await b.post(entries, [("text", "Sửa sau khi đóng vòng thi")]).status == .conflict)
                }
            }
            try await judge1.login("chauthanh.lanhdao")
            try await judge2.login("chauthanh.ttvh")
            try await owner.login("chauthanh.kehoach")
            #expect(try await judge1.get("/").body.string.contains("Bài dự thi chờ bạn chấm"), "the judge is told on the dashboard")
            let sheet = try await judge1.get(base + "/rounds/1/judging").body.string
            #expect(sheet.contains("Bài số 1") && sheet.contains("Bài số 2"))
            #expect(!sheet.contains("Phòng Nội vụ") && !sheet.contains("Phú Tâm"), "entries are judged without their units")
            let ordered = stored.sorted { ($0.id?.uuidString ?? "") < ($1.id?.uuidString ?? "") }
            let (a, b) = (try ordered[0].requireID(), try ordered[1].requireID())
            func score(_ judge: inout Browser, _ entry: UUID, _ points: [String]) async throws -> BrowserResponse {
                try await judge.get(base + "/rounds/1/judging")
                return try await judge.post(base + "/rounds/1/judging/\(entry)", points.map { ("points[]", $0) })
            }
            let tooMany = try await score(&judge1, a, ["61", "10"])
            #expect(tooMany.status == .unprocessableEntity && tooMany.body.string.contains("từ 0 đến 60"))
            // Judge 2 scores entry A first; judge 1 does not see it until having scored A.
            #expect(try await score(&judge2, a, ["50", "30"]).status == .seeOther)
            #expect(!(try await judge1.get(base + "/rounds/1/judging").body.string.contains("Giám khảo khác")))
            #expect(try await score(&judge1, a, ["55,5", "34"]).status == .seeOther)
            let after = try await judge1.get(base + "/rounds/1/judging").body.string
            #expect(after.contains("Giám khảo khác: Cán bộ Trung tâm VH-TT-TT huyện Châu Thành: 80;"))
            var clerk = commune
            try await clerk.login("phutam")
            #expect(try await clerk.get(base + "/rounds/1/judging").status == .forbidden)
            #expect(try await clerk.post(base + "/rounds/1/judging/\(a)", [("points[]", "60"), ("points[]", "40")]).status == .forbidden)

            // Publishing waits for every judge on every entry; then the mean ranks and the results freeze.
            try await owner.get(base)
            let early = try await owner.post(base + "/publish", [("round", "1")])
            #expect(early.status == .conflict && early.body.string.contains("chưa được đủ giám khảo"))
            #expect(try await score(&judge1, b, ["40", "20"]).status == .seeOther)
            #expect(try await score(&judge2, b, ["44", "21"]).status == .seeOther)
            try await owner.get(base)
            #expect(try await owner.post(base + "/publish", [("round", "1")]).status == .seeOther)
            let page = try await owner.get(base).body.string
            #expect(page.contains("84,75") && page.contains("62,5") && page.contains("Đạt giải"))
            #expect(try await score(&judge2, a, ["10", "10"]).status == .conflict)
            let published = try #require(try await ContestRound.query(on: app.db).filter(\.$contest.$id == id).first())
            let rows = try await ContestService.creativeResults(of: published, on: app.db).rows
            #expect(rows.map(\.rank) == [1, 2] && rows.first?.unitID == ordered[0].$unit.id && rows.first?.winner == true && rows.last?.winner == false)
            // Exports: the workbook's sheet and the notice.
            let xlsx = try await owner.get(base + "/results.xlsx")
            #expect(xlsx.status == .ok && xlsx.body.readableBytes > 1_000)
            let notice = try await owner.get(base + "/rounds/1/notice.docx")
            #expect(notice.status == .ok && notice.headers.contentType?.description.contains("wordprocessingml") == true)
            // The API gives the same ranking.
            let owner0 = try #require(try await User.query(on: app.db).filter(\.$username == "chauthanh.kehoach").first())
            let token = try await APITokenService.create(on: app.db, user: owner0, name: "api", days: 1, actor: .system, now: Date())
            let api = try await app.testing().sendRequest(.GET, "/api/v1/contests/\(id)/results", headers: ["Authorization": "Bearer \(token)"])
            let json = try #require(try JSONSerialization.jsonObject(with: Data(api.body.readableBytesView)) as? [String: Any])
            let apiRound = try #require((json["rounds"] as? [[String: Any]])?.first)
            #expect(apiRound["kind"] as? String == "creative" && (apiRound["entries"] as? [[String: Any]])?.first?["mean"] as? String == "84,75")
            #expect(try await AuditEntry.query(on: app.db).filter(\.$entityType == .contestScore).count() == 4)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$entityType == .contestEntry).count() == 3)
        }
    }
}
