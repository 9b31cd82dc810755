import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import ZIPFoundation
@testable import App
import Domain

/// A contest from the organiser's form to the entrant's score: the bank pasted from Word, a round, one attempt per
/// person (also two starts at the same instant), the server's clock, the answers kept from the page until it closes,
/// and the round's ranking.
@Suite struct ContestFlowTests {
    static let bank = """
        I. CẢI CÁCH THỦ TỤC HÀNH CHÍNH
        Câu 1. Cổng Dịch vụ công quốc gia có địa chỉ nào?
        A. dichvucong.gov.vn
        B. chinhphu.vn
        Đáp án: A
        Câu 2. Cơ quan nào tham mưu về cải cách hành chính ở tỉnh?
        A. Sở Tư pháp
        B. Sở Nội vụ
        C. Sở Tài chính
        Đáp án: B
        Câu 3. Những việc nào thuộc cải cách thủ tục hành chính?
        A. Rà soát, đơn giản hóa thủ tục
        B. Xây trụ sở mới
        C. Công khai thủ tục
        Đáp án: A, C
        """

    /// A contest of Châu Thành with the bank above and one round open from an hour ago, 10 minutes per attempt.
    func organise(_ app: Application, clock: TestClock) async throws -> (Contest, Browser) {
        var owner = Browser(app)
        try await owner.login("chauthanh.kehoach")
        try await owner.get("/contests/new")
        let created = try await owner.post("/contests", [("title", "Tìm hiểu cải cách hành chính năm 2025"), ("rules", "Mỗi người thi một lần mỗi vòng."),
                                                         ("consent", "Tôi đồng ý với thể lệ.")])
        #expect(created.status == .seeOther)
        let contest = try #require(try await Contest.query(on: app.db).filter(\.$title == "Tìm hiểu cải cách hành chính năm 2025").first())
        let id = try contest.requireID()
        // A bank with a mistake is refused with the question's number, and what was pasted is kept.
        let broken = Self.bank.replacingOccurrences(of: "Đáp án: B\n", with: "")
        let refused = try await owner.post("/contests/\(id)/questions", [("text", broken)])
        #expect(refused.status == .unprocessableEntity)
        #expect(refused.body.string.contains("Câu 2: chưa có đáp án"))
        #expect(refused.body.string.contains("Cơ quan nào tham mưu"))
        #expect(try await ContestBankQuestion.query(on: app.db).count() == 0)
        #expect(try await owner.post("/contests/\(id)/questions", [("text", Self.bank)]).status == .seeOther)
        #expect(try await ContestBankQuestion.query(on: app.db).filter(\.$contest.$id == id).count() == 3)
        let opens = AppClock.display(clock.now.addingTimeInterval(-3600))
        let closes = AppClock.display(clock.now.addingTimeInterval(7 * 86_400))
        let round = try await owner.post("/contests/\(id)/rounds", [("opens", opens), ("closes", closes), ("minutes", "10"), ("questions", "3"),
                                                                     ("prediction", "Bao nhiêu bài thi đúng cả 3 câu?")])
        #expect(round.status == .seeOther)
        // Once a round is open the bank is locked: entrants have drawn from it.
        let locked = try await owner.post("/contests/\(id)/questions", [("text", Self.bank)])
        #expect(locked.status == .conflict)
        return (contest, owner)
    }

    /// A test app on a clock the test moves, with the contest above organised by Châu Thành's plan owner.
    func withContest(adjust: (inout AppConfig) -> Void = { _ in },
                     _ body: (Application, TestClock, Contest, Browser) async throws -> Void) async throws {
        try await withClockedTestApp(adjust: adjust) { app, clock in
            let (contest, owner) = try await organise(app, clock: clock)
            try await body(app, clock, contest, owner)
        }
    }

    /// Starts an attempt as an entrant; the browser keeps it by its cookie.
    func enter(_ app: Application, _ contest: Contest, name: String, cccd: String = "", phone: String = "", audience: String = "citizens") async throws -> (Browser, BrowserResponse) {
        var entrant = Browser(app)
        let page = try await entrant.get("/thi/\(contest.publicCode)")
        #expect(page.status == .ok)
        let res = try await entrant.post("/thi/\(contest.publicCode)/start", [("name", name), ("cccd", cccd), ("phone", phone), ("audience", audience), ("consent", "1")],
                                         withCSRF: false)
        return (entrant, res)
    }

    @Test func anEntrantAnswersAgainstTheServersClockAndIsRanked() async throws {
        try await withContest { app, clock, contest, owner in
            var (entrant, started) = try await enter(app, contest, name: "Nguyễn Văn An", cccd: "079 123 456 789")
            #expect(started.status == .seeOther)
            let attemptPage = try await entrant.get("/thi/\(contest.publicCode)/bai")
            #expect(attemptPage.status == .ok)
            let html = attemptPage.body.string
            #expect(html.contains("Cổng Dịch vụ công quốc gia") && html.contains("còn 600 giây"))
            // The right answers are not in the page before the attempt closes.
            #expect(!html.contains("class=\"right\""))
            let attempt = try #require(try await ContestAttempt.query(on: app.db).first())
            let drawn = try StoredJSON.decode([Int].self, attempt.questionsJSON, what: "")
            #expect(Set(drawn) == [1, 2, 3])
            // Answers are saved as they are given; a reload four minutes later shows them and the clock has gone on.
            #expect(try await entrant.post("/thi/\(contest.publicCode)/luu", [("q1", "0"), ("q2", "0")], withCSRF: false).status == .noContent)
            clock.advance(240)
            let reloaded = try await entrant.get("/thi/\(contest.publicCode)/bai").body.string
            #expect(reloaded.contains("còn 360 giây"))
            #expect(reloaded.contains("name=\"q1\" value=\"0\" checked"))
            // Opening the entry page again resumes the attempt instead of starting another.
            #expect(try await entrant.get("/thi/\(contest.publicCode)").headers.first(name: .location) == "/thi/\(contest.publicCode)/bai")
            let submitted = try await entrant.post("/thi/\(contest.publicCode)/nop", [("q1", "0"), ("q2", "1"), ("q3", "0"), ("q3", "2"), ("du_doan", "12")],
                                                   withCSRF: false)
            #expect(submitted.status == .ok)
            #expect(submitted.body.string.contains("3/3 câu đúng"))
            #expect(submitted.body.string.contains("class=\"right\""))
            // After submitting, answers are refused.
            #expect(try await entrant.post("/thi/\(contest.publicCode)/luu", [("q1", "1")], withCSRF: false).status == .conflict)

            // A second entrant runs out of time: the answers saved by then count, later ones do not.
            var (late, _) = try await enter(app, contest, name: "Trần Thị Bình", phone: "+84 912 345 678")
            #expect(try await late.post("/thi/\(contest.publicCode)/luu", [("q1", "0")], withCSRF: false).status == .noContent)
            clock.advance(601)
            #expect(try await late.post("/thi/\(contest.publicCode)/luu", [("q2", "1")], withCSRF: false).status == .conflict)
            let expired = try await late.get("/thi/\(contest.publicCode)/bai").body.string
            #expect(expired.contains("1/3 câu đúng") && !expired.contains("id=\"timer\""))

            // The ranking: 3 correct before 1.
            var o = owner
            let page = try await o.get("/contests/\(try contest.requireID())").body.string
            let first = try #require(page.range(of: "Nguyễn Văn An"))
            let second = try #require(page.range(of: "Trần Thị Bình"))
            #expect(first.lowerBound < second.lowerBound)
            #expect(page.contains("3/3") && page.contains("1/3"))
        }
    }

    @Test func onePersonOneAttemptPerRoundHoweverTheyTypeIt() async throws {
        try await withContest { app, clock, contest, _ in
            let (_, first) = try await enter(app, contest, name: "Lê Văn Cường", cccd: "079123456789")
            #expect(first.status == .seeOther)
            // Another browser, the same CCCD typed with dots: refused with the reason.
            let (_, again) = try await enter(app, contest, name: "Lê Văn Cường", cccd: "079.123.456.789")
            #expect(again.status == .conflict)
            #expect(again.body.string.contains("mỗi người chỉ dự thi một lần mỗi vòng"))
            // Ten starts of one phone number at the same instant: one attempt.
            let code = contest.publicCode
            let results = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for _ in 0..<10 {
                    group.addTask {
                        var b = Browser(app)
                        return try await b.post("/thi/\(code)/start", [("name", "Phạm Thị Dung"), ("phone", "0912 345 678"), ("audience", "citizens"), ("consent", "1")],
                                                withCSRF: false).status
                    }
                }
                var statuses: [HTTPStatus] = []
                for try await s in group { statuses.append(s) }
                return statuses
            }
            #expect(results.filter { $0 == .seeOther }.count == 1, "\(results)")
            #expect(results.filter { $0 == .conflict }.count == 9, "\(results)")
            #expect(try await ContestAttempt.query(on: app.db).filter(\.$identityKey == "tel:0912345678").count() == 1)
            // Without a way to tell who is entering, no attempt.
            let (_, anonymous) = try await enter(app, contest, name: "Không Rõ")
            #expect(anonymous.status == .unprocessableEntity)
        }
    }

    @Test func aClosedRoundRefusesNewAttemptsAndAnotherUnitCannotManageTheContest() async throws {
        try await withContest { app, clock, contest, _ in
            let id = try contest.requireID()
            var sibling = Browser(app)
            try await sibling.login("vinhchau.kehoach")
            #expect(try await sibling.get("/contests/\(id)").status == .forbidden)
            try await sibling.get("/contests")
            #expect(try await sibling.post("/contests/\(id)/questions", [("text", Self.bank)]).status == .forbidden)
            #expect(!(try await sibling.get("/contests").body.string.contains("Tìm hiểu cải cách hành chính năm 2025")))
            clock.advance(8 * 86_400)
            let (_, late) = try await enter(app, contest, name: "Võ Văn Em", cccd: "079123456780")
            #expect(late.status == .gone)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$entityType == .contestQuestions).count() == 1)
        }
    }

    @Test func aRoundDrawsByTopicGroupsTheBankHas() async throws {
        try await withContest { app, clock, contest, owner in
            var o = owner
            let id = try contest.requireID()
            let page = try await o.get("/contests/\(id)").body.string
            #expect(page.contains("CẢI CÁCH THỦ TỤC HÀNH CHÍNH: 3 câu"))
            let window = [("opens", AppClock.display(clock.now.addingTimeInterval(86_400))), ("closes", AppClock.display(clock.now.addingTimeInterval(2 * 86_400))),
                          ("minutes", "5"), ("questions", "2")]
            let unknown = try await o.post("/contests/\(id)/rounds", window + [("topics", "Chính phủ số: 1")])
            #expect(unknown.status == .unprocessableEntity)
            #expect(unknown.body.string.contains("không có chủ đề “Chính phủ số”; các chủ đề: CẢI CÁCH THỦ TỤC HÀNH CHÍNH"))
            let tooMany = try await o.post("/contests/\(id)/rounds", window + [("topics", "cải cách thủ tục hành chính: 3")])
            #expect(tooMany.status == .unprocessableEntity && tooMany.body.string.contains("nhiều hơn số câu mỗi lượt"))
            #expect(try await o.post("/contests/\(id)/rounds", window + [("topics", "Cải cách thủ tục hành chính: 2")]).status == .seeOther)
            let second = try #require(try await ContestRound.query(on: app.db).filter(\.$contest.$id == id).filter(\.$number == 2).first())
            #expect(try second.topicQuota == ["CẢI CÁCH THỦ TỤC HÀNH CHÍNH": 2])
        }
    }

    @Test func theNextRoundStartsAfreshForTheSamePerson() async throws {
        try await withContest { app, clock, contest, owner in
            var o = owner
            let id = try contest.requireID()
            let next = [("opens", AppClock.display(clock.now.addingTimeInterval(7 * 86_400 + 3600))),
                        ("closes", AppClock.display(clock.now.addingTimeInterval(14 * 86_400))), ("minutes", "10"), ("questions", "3")]
            #expect(try await o.post("/contests/\(id)/rounds", next).status == .seeOther)
            var (entrant, started) = try await enter(app, contest, name: "Đỗ Minh Khoa", cccd: "079123456781")
            #expect(started.status == .seeOther)
            #expect(try await entrant.post("/thi/\(contest.publicCode)/nop", [("q1", "0")], withCSRF: false).status == .ok)
            clock.advance(7 * 86_400 + 7200)
            let page = try await entrant.get("/thi/\(contest.publicCode)")
            #expect(page.status == .ok && page.body.string.contains("Vòng 2 đang mở"))
            let again = try await entrant.post("/thi/\(contest.publicCode)/start", [("name", "Đỗ Minh Khoa"), ("cccd", "079123456781"), ("audience", "staff"), ("consent", "1")],
                                               withCSRF: false)
            #expect(again.status == .seeOther)
            #expect(try await ContestAttempt.query(on: app.db).filter(\.$identityKey == "cccd:079123456781").count() == 2)
        }
    }

    /// Starts from one address are counted in the database (every instance counts together) and stop at the limit.
    @Test func startsFromOneAddressAreLimitedInTheDatabase() async throws {
        try await withContest(adjust: { $0.contestStartsPerHour = 2 }) { app, clock, contest, _ in
            #expect(try await enter(app, contest, name: "Người thứ nhất", cccd: "079000000001").1.status == .seeOther)
            #expect(try await enter(app, contest, name: "Người thứ hai", cccd: "079000000002").1.status == .seeOther)
            let third = try await enter(app, contest, name: "Người thứ ba", cccd: "079000000003").1
            #expect(third.status == .tooManyRequests && third.body.string.contains("quá nhiều lượt thi"))
            #expect(try await ContestAttempt.query(on: app.db).count() == 2)
            clock.advance(3600)
            #expect(try await enter(app, contest, name: "Người thứ ba", cccd: "079000000003").1.status == .seeOther)
        }
    }

    /// Results are published once the round has closed, with the prediction's true value counted; publishing again is
    /// a correction that needs a reason and makes a new version.
    @Test func resultsArePublishedAfterTheRoundClosesAndCorrectionsAreVersions() async throws {
        try await withContest { app, clock, contest, owner in
            var o = owner
            let id = try contest.requireID()
            var (a, _) = try await enter(app, contest, name: "Hồ Thị Giang", cccd: "079123456782")
            _ = try await a.post("/thi/\(contest.publicCode)/nop", [("q1", "0"), ("q2", "1"), ("q3", "0"), ("q3", "2"), ("du_doan", "1")], withCSRF: false)
            var (b, _) = try await enter(app, contest, name: "Mai Văn Hùng", cccd: "079123456783")
            _ = try await b.post("/thi/\(contest.publicCode)/nop", [("q1", "0"), ("q2", "1"), ("q3", "0"), ("q3", "2"), ("du_doan", "5")], withCSRF: false)
            try await o.get("/contests/\(id)")
            #expect(try await o.get("/contests/\(id)/rounds/1/notice.docx").status == .conflict) // nothing published yet
            let early = try await o.post("/contests/\(id)/publish", [("round", "1")])
            #expect(early.status == .conflict && early.body.string.contains("chưa công bố được"))
            clock.advance(8 * 86_400)
            // A week later the organiser signs in again.
            try await o.login("chauthanh.kehoach")
            try await o.get("/contests/\(id)")
            #expect(try await o.post("/contests/\(id)/publish", [("round", "1")]).status == .seeOther)
            let page = try await o.get("/contests/\(id)").body.string
            #expect(page.contains("Đã công bố lần 1") && page.contains("Số bài thi đúng tất cả các câu: 2"))
            // Both answered everything right: the prediction closer to 2 (1, one off) ranks first.
            let first = try #require(page.range(of: "Hồ Thị Giang"))
            let second = try #require(page.range(of: "Mai Văn Hùng"))
            #expect(first.lowerBound < second.lowerBound)
            let notice = try await o.get("/contests/\(id)/rounds/1/notice.docx")
            #expect(notice.status == .ok && notice.headers.contentType?.subType.contains("wordprocessingml") == true)
            let blocks = try DocxReader.blocks(from: Data(notice.body.readableBytesView))
            #expect(blocks.contains(.paragraph("THÔNG BÁO")) && blocks.contains { if case .paragraph(let p) = $0 { return p.contains("Số bài dự thi: 2") } else { return false } })
            let again = try await o.post("/contests/\(id)/publish", [("round", "1")])
            #expect(again.status == .unprocessableEntity && again.body.string.contains("cần ghi lý do"))
            #expect(try await o.post("/contests/\(id)/publish", [("round", "1"), ("reason", "Sửa tên người dự thi")]).status == .seeOther)
            #expect(try await o.get("/contests/\(id)").body.string.contains("Đã công bố lần 2"))
            let log = try await AuditEntry.query(on: app.db).filter(\.$action == .publish).all()
            #expect(log.count == 2 && log.contains { $0.summary.contains("lý do: Sửa tên người dự thi") })
        }
    }

    /// A bank kept in Word (typed questions and a table) or in Excel is read in the sandbox's child and stored; a file
    /// with mistakes is refused with every question's number and the stored bank kept; other file types are refused.
    @Test func aBankFromWordAndExcelFiles() async throws {
        try await withTestApp { app in
            var owner = Browser(app)
            try await owner.login("chauthanh.kehoach")
            try await owner.get("/contests/new")
            #expect(try await owner.post("/contests", [("title", "Hội thi CCHC từ tệp"), ("rules", "Thể lệ"), ("consent", "Đồng ý")]).status == .seeOther)
            let contest = try #require(try await Contest.query(on: app.db).filter(\.$title == "Hội thi CCHC từ tệp").first())
            let id = try contest.requireID()
            try await owner.get("/contests/\(id)")

            func p(_ text: String) -> String { "<w:p><w:r><w:t xml:space=\"preserve\">\(text)</w:t></w:r></w:p>" }
            func row(_ cells: [String]) -> String { "<w:tr>" + cells.map { "<w:tc>\(p($0))</w:tc>" }.joined() + "</w:tr>" }
            let body = ["BỘ CÂU HỎI CUỘC THI", "Câu 1. Ai ban hành kế hoạch tuyên truyền của huyện?", "A. UBND huyện", "B. Sở Nội vụ",
                        "Đáp án: A", "Đối tượng: CBCCVC"].map(p).joined()
                + "<w:tbl>" + row(["STT", "Câu hỏi", "A", "B", "C", "Đáp án", "Chủ đề"])
                + row(["2", "Một cửa đặt ở đâu?", "Trụ sở UBND", "Nhà văn hóa", "Chợ", "A", "Thủ tục hành chính"])
                + row(["3", "Dịch vụ công trực tuyến toàn trình gồm?", "Nộp hồ sơ trực tuyến", "Nhận kết quả trực tuyến", "Đến nộp trực tiếp", "A, B", "Chính phủ số"])
                + "</w:tbl>"
            let docx = try HostileInputTests.docx(body)
            let fromWord = try await owner.postMultipart("/contests/\(id)/questions/file", fileField: "file", filename: "ngan-hang.docx", data: docx)
            #expect(fromWord.status == .seeOther)
            let stored = try await ContestService.bank(of: id, on: app.db)
            #expect(stored.map(\.number) == [1, 2, 3])
            #expect(stored.first?.audience == .staff && stored.last?.correct == [0, 1] && stored.last?.topic == "Chính phủ số")
            #expect(try await AuditEntry.query(on: app.db).filter(\.$summary ~~ "Nạp ngân hàng câu hỏi").count() == 1)

            // Excel: a title row, the header, one good row and two with mistakes.
            let broken = try XlsxWriter.data(sheet: "Câu hỏi", header: ["Câu", "Nội dung câu hỏi", "Phương án A", "Phương án B", "Đáp án", "Đối tượng"], rows: [
                ["1", "Thời hạn tính theo ngày làm việc?", "Đúng", "Sai", "A", "Người dân"],
                ["2", "Thiếu đáp án", "Có", "Không", "", ""],
                ["3", "Đối tượng lạ", "Có", "Không", "B", "học sinh"],
            ])
            let refused = try await owner.postMultipart("/contests/\(id)/questions/file", fileField: "file", filename: "cau-hoi.xlsx", data: broken)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("Câu 2: chưa có đáp án") && refused.body.string.contains("Câu 3: đối tượng"))
            #expect(try await ContestService.bank(of: id, on: app.db).count == 3)
            let good = try XlsxWriter.data(sheet: "Câu hỏi", header: ["Câu", "Nội dung câu hỏi", "Phương án A", "Phương án B", "Đáp án", "Đối tượng", "Mức độ"], rows: [
                ["1", "Thời hạn tính theo ngày làm việc?", "Đúng", "Sai", "A", "Người dân", "Dễ"],
                ["2", "Ai tiếp nhận hồ sơ?", "Bộ phận Một cửa", "Văn thư", "A", "Tất cả", "Trung bình"],
            ])
            #expect(try await owner.postMultipart("/contests/\(id)/questions/file", fileField: "file", filename: "cau-hoi.xlsx", data: good).status == .seeOther)
            let replaced = try await ContestService.bank(of: id, on: app.db)
            #expect(replaced.map(\.text) == ["Thời hạn tính theo ngày làm việc?", "Ai tiếp nhận hồ sơ?"])
            #expect(replaced.map(\.audience) == [.citizens, nil] && replaced.map(\.difficulty) == [.easy, .medium])
            let page = try await owner.get("/contests/\(id)")
            #expect(page.body.string.contains("Chỉ dành cho người dân: 1 câu"))

            // Not a bank format, and a .docx that is not one: refused, the bank kept.
            let exe = try await owner.postMultipart("/contests/\(id)/questions/file", fileField: "file", filename: "cau-hoi.exe", data: Data("MZ".utf8))
            #expect(exe.status == .unsupportedMediaType && exe.body.string.contains("Excel (.xlsx)"))
            let fake = try await owner.postMultipart("/contests/\(id)/questions/file", fileField: "file", filename: "cau-hoi.docx", data: Data("không phải Word".utf8))
            #expect(fake.status == .unprocessableEntity)
            #expect(try await ContestService.bank(of: id, on: app.db).count == 2)

            // Another unit's plan owner cannot load a bank into this contest.
            var other = Browser(app)
            try await other.login("vinhchau.kehoach")
            try await other.get("/")
            let foreign = try await other.postMultipart("/contests/\(id)/questions/file", fileField: "file", filename: "cau-hoi.xlsx", data: good)
            #expect(foreign.status == .forbidden)
        }
    }

    /// Huế's and Hải Phòng's rules: a set of questions for civil servants and one for citizens, ranked apart; two
    /// attempts, the best counting; the identity the contest asks, a unit picked from the organiser's subtree; the
    /// organiser's own staff and incomplete identities take no prize, and the prizes go to the next eligible entries.
    @Test func audiencesAttemptsIdentityAndPrizes() async throws {
        try await withClockedTestApp { app, clock in
            var owner = Browser(app)
            try await owner.login("chauthanh.kehoach")
            try await owner.get("/contests/new")
            #expect(try await owner.post("/contests", [("title", "Tìm hiểu CCHC 2026"), ("rules", "Thể lệ"), ("consent", "Đồng ý"),
                                                       ("ask[]", "cccd"), ("ask[]", "phone"), ("ask[]", "unit"), ("exclude", "1")]).status == .seeOther)
            let contest = try #require(try await Contest.query(on: app.db).filter(\.$title == "Tìm hiểu CCHC 2026").with(\.$unit).first())
            #expect(contest.identityFields == [.citizenID, .phone, .unit] && contest.excludesOrganisers)
            let id = try contest.requireID()
            let bank = """
                Câu 1. Câu chung cho mọi người?
                A. Đúng
                B. Sai
                Đáp án: A
                Câu 2. Câu dành cho công chức?
                A. Đúng
                B. Sai
                Đáp án: A
                Đối tượng: CBCCVC
                Câu 3. Câu dành cho người dân?
                A. Đúng
                B. Sai
                Đáp án: A
                Đối tượng: người dân
                """
            #expect(try await owner.post("/contests/\(id)/questions", [("text", bank)]).status == .seeOther)
            let refused = try await owner.post("/contests/\(id)/rounds", [("opens", AppClock.display(clock.now.addingTimeInterval(-60))),
                ("closes", AppClock.display(clock.now.addingTimeInterval(86_400))), ("minutes", "10"), ("questions", "2"), ("prizes", "học sinh: 3")])
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("học sinh"))
            #expect(try await owner.post("/contests/\(id)/rounds", [("opens", AppClock.display(clock.now.addingTimeInterval(-60))),
                ("closes", AppClock.display(clock.now.addingTimeInterval(86_400))), ("minutes", "10"), ("questions", "2"), ("audience", "both"),
                ("attempts", "2"), ("prizes", "CBCCVC: 1; Người dân: 1")]).status == .seeOther)

            let organiser = try await unit("ST-CTH", on: app.db), commune = try await unit("ST-CTH-XPT", on: app.db)
            let outside = try await unit("ST-VC", on: app.db)
            let code = contest.publicCode
            func start(_ b: inout Browser, _ fields: [(String, String)]) async throws -> BrowserResponse {
                try await b.post("/thi/\(code)/start", fields + [("consent", "1")], withCSRF: false)
            }
            func submit(_ b: inout Browser, right: Bool) async throws {
                let page = try await b.get("/thi/\(code)/bai").body.string
                // Every question's right answer is A (index 0): answer each shown question right or wrong.
                let shown = [1, 2, 3].filter { page.contains("name=\"q\($0)\"") }
                #expect(try await b.post("/thi/\(code)/nop", shown.map { ("q\($0)", right ? "0" : "1") }, withCSRF: false).status == .ok)
            }

            // The entry page offers both audiences and the units of Châu Thành, not those of other districts.
            var a = Browser(app)
            let entry = try await a.get("/thi/\(code)").body.string
            #expect(entry.contains("value=\"staff\"") && entry.contains("value=\"citizens\"") && entry.contains(commune.name))
            #expect(!entry.contains(outside.name) && entry.contains("Để được xét giải cần khai đủ"))
            #expect(try await start(&a, [("name", "Lê Văn An"), ("cccd", "079000000011")]).status == .unprocessableEntity) // no audience
            let foreign = try await start(&a, [("name", "Lê Văn An"), ("cccd", "079000000011"), ("audience", "staff"), ("unit", outside.id?.uuidString ?? "")])
            #expect(foreign.status == .unprocessableEntity && foreign.body.string.contains("trong danh sách"))

            // A, a commune's civil servant: first attempt wrong, second right; a third is refused.
            let aFields = [("name", "Lê Văn An"), ("cccd", "079000000011"), ("phone", "0912000011"), ("audience", "staff"), ("unit", commune.id?.uuidString ?? "")]
            #expect(try await start(&a, aFields).status == .seeOther)
            let drawn = try #require(try await ContestAttempt.query(on: app.db).filter(\.$personKey == "cccd:079000000011").first())
            #expect(Set(try StoredJSON.decode([Int].self, drawn.questionsJSON, what: "")) == [1, 2], "staff draw the shared and the staff question")
            var a2 = Browser(app)
            let busy = try await start(&a2, aFields)
            #expect(busy.status == .conflict && busy.body.string.contains("chưa kết thúc"))
            try await submit(&a, right: false)
            clock.advance(60)
            #expect(try await start(&a2, aFields).status == .seeOther)
            clock.advance(30)
            try await submit(&a2, right: true)
            var a3 = Browser(app)
            let third = try await start(&a3, aFields)
            #expect(third.status == .conflict && third.body.string.contains("hết 2 lượt"))

            // B works in the organising unit: right on everything, faster, but takes no prize.
            var b = Browser(app)
            #expect(try await start(&b, [("name", "Trần Bình"), ("cccd", "079000000012"), ("phone", "0912000012"), ("audience", "staff"),
                                         ("unit", organiser.id?.uuidString ?? "")]).status == .seeOther)
            try await submit(&b, right: true)
            // Citizens: C right on everything but gave no phone; D wrong but complete.
            var c = Browser(app)
            #expect(try await start(&c, [("name", "Phạm Chi"), ("cccd", "079000000013"), ("audience", "citizens"), ("unit", commune.id?.uuidString ?? "")]).status == .seeOther)
            let cAttempt = try #require(try await ContestAttempt.query(on: app.db).filter(\.$personKey == "cccd:079000000013").first())
            #expect(Set(try StoredJSON.decode([Int].self, cAttempt.questionsJSON, what: "")) == [1, 3], "citizens draw the shared and the citizens' question")
            try await submit(&c, right: true)
            var d = Browser(app)
            #expect(try await start(&d, [("name", "Võ Dũng"), ("cccd", "079000000014"), ("phone", "0912000014"), ("audience", "citizens"),
                                         ("unit", commune.id?.uuidString ?? "")]).status == .seeOther)
            try await submit(&d, right: false)

            let round = try #require(try await ContestRound.query(on: app.db).filter(\.$contest.$id == id).first())
            let rows = try await ContestService.results(of: round, now: clock.now, on: app.db)
            #expect(rows.map(\.name) == ["Trần Bình", "Lê Văn An", "Phạm Chi", "Võ Dũng"], "\(rows.map(\.name))")
            #expect(rows.map(\.audience) == [ContestAudience.staff.label, ContestAudience.staff.label, ContestAudience.citizens.label, ContestAudience.citizens.label])
            #expect(rows.map(\.rank) == [1, 2, 1, 2], "each audience ranks apart; An's best attempt only")
            #expect(rows.map(\.correct) == [2, 2, 2, 0])
            #expect(rows.map { $0.winner == true } == [false, true, false, true])
            #expect(rows[0].note == "Cán bộ đơn vị tổ chức" && rows[2].note == "Thiếu số điện thoại")
            let page = try await owner.get("/contests/\(id)").body.string
            #expect(page.contains("Đạt giải") && page.contains("Không đủ điều kiện: Thiếu số điện thoại") && page.contains("mỗi người tối đa 2 lượt"))
            // The same results in Excel, read back as a user's spreadsheet would show them.
            let xlsx = try await owner.get("/contests/\(id)/results.xlsx")
            #expect(xlsx.status == .ok)
            let sheet = try XlsxReader.rows(from: Data(xlsx.body.readableBytesView))
            #expect(sheet.first?.prefix(3) == ["Đối tượng", "Hạng", "Họ và tên"])
            #expect(sheet.dropFirst().map { $0[2] } == ["Trần Bình", "Lê Văn An", "Phạm Chi", "Võ Dũng"])
            #expect(sheet.dropFirst().map { $0[9] } == ["Không đủ điều kiện: Cán bộ đơn vị tổ chức", "Đạt giải", "Không đủ điều kiện: Thiếu số điện thoại", "Đạt giải"])
            #expect(sheet[2][3] == commune.name)
        }
    }
}
