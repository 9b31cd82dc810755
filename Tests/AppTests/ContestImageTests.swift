import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import App
import Domain

/// A question's picture: added by the organiser while the bank can change (PNG or JPEG by content), kept when the bank
/// is read again, shown on the attempt page of an entrant who drew the question, served to that entrant only.
extension ContestFlowTests {
    @Test func aQuestionsPictureIsShownToTheEntrantWhoDrewIt() async throws {
        try await withClockedTestApp { app, clock in
            var owner = Browser(app)
            try await owner.login("chauthanh.kehoach")
            try await owner.get("/contests/new")
            #expect(try await owner.post("/contests", [("title", "Cuộc thi có ảnh"), ("rules", ""), ("consent", "Đồng ý"), ("ask[]", "cccd")]).status == .seeOther)
            let contest = try #require(try await Contest.query(on: app.db).filter(\.$title == "Cuộc thi có ảnh").first())
            let base = "/contests/\(try contest.requireID())"
            #expect(try await owner.post(base + "/questions", [("text", Self.bank)]).status == .seeOther)
            try await owner.get(base)
            let pdf = try await owner.postMultipart(base + "/questions/image", fileField: "file", filename: "anh.png", data: SampleFiles.pdf, fields: [("number", "1")])
            #expect(pdf.status == .unsupportedMediaType && pdf.body.string.contains("PNG hoặc JPG"))
            let missing = try await owner.postMultipart(base + "/questions/image", fileField: "file", filename: "anh.png", data: SampleFiles.png, fields: [("number", "99")])
            #expect(missing.status == .unprocessableEntity && missing.body.string.contains("câu số 99"))
            #expect(try await owner.postMultipart(base + "/questions/image", fileField: "file", filename: "anh.png", data: SampleFiles.png,
                                                  fields: [("number", "2")]).status == .seeOther)
            // Read again: question 2 keeps its picture.
            try await owner.get(base)
            #expect(try await owner.post(base + "/questions", [("text", Self.bank)]).status == .seeOther)
            let shown = try await owner.get(base).body.string
            #expect(shown.contains("Câu có ảnh minh họa: 2"))
            // The bank is edited in the app: the page holds it as text, ready to change and store again.
            #expect(shown.contains("Câu 2. Cơ quan nào tham mưu về cải cách hành chính ở tỉnh?\nA. Sở Tư pháp"))
            #expect(try await owner.post(base + "/rounds", [("opens", AppClock.display(clock.now.addingTimeInterval(-60))),
                ("closes", AppClock.display(clock.now.addingTimeInterval(3_600))), ("minutes", "10"), ("questions", "3"), ("audience", "citizens")]).status == .seeOther)
            var entrant = Browser(app)
            #expect(try await entrant.post("/thi/\(contest.publicCode)/start", [("name", "Người thi"), ("cccd", "079555000031"), ("consent", "1")],
                                           withCSRF: false).status == .seeOther)
            let page = try await entrant.get("/thi/\(contest.publicCode)/bai").body.string
            let address = "/thi/\(contest.publicCode)/anh/2"
            #expect(page.contains("src=\"\(address)\"") && page.contains("Hình minh họa"))
            let picture = try await entrant.get(address)
            #expect(picture.status == .ok && picture.headers.contentType?.description == "image/png" && Data(picture.body.readableBytesView) == SampleFiles.png)
            // Not drawn, or no attempt: nothing.
            #expect(try await entrant.get("/thi/\(contest.publicCode)/anh/1").status == .notFound)
            var stranger = Browser(app)
            #expect(try await stranger.get(address).status == .notFound)
            // The bank is locked once the round has opened.
            try await owner.get(base)
            #expect(try await owner.postMultipart(base + "/questions/image", fileField: "file", filename: "anh.png", data: SampleFiles.png,
                                                  fields: [("number", "2")]).status == .conflict)
        }
    }
}
