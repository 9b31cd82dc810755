import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import App
import Domain

/// Citizens' questions end to end: the public form with its flood controls, routing by the province's rules, the unit's
/// answer approved by its leader, publication without personal data, the search without diacritics, notifications,
/// reminders and the escalation that goes out once.
@Suite struct QuestionFlowTests {
    static let rules = """
        Cải cách thủ tục hành chính | khai sinh, hộ tịch, kết hôn | ST-CTH-PNV
        * | đất đai, sổ đỏ | ST-VC
        * | | ST-CTH
        """

    /// Saves the routing rules as the province's coordinator (the administrator here).
    static func saveRules(_ app: Application, routing: String = rules) async throws -> BrowserResponse {
        var admin = Browser(app)
        try await admin.login("admin")
        try await admin.get("/questions/settings")
        return try await admin.post("/questions/settings", [("routing", routing), ("holidays", WorkingCalendar.vietnamDefaultText),
                                                            ("answerDays", "20"), ("forwardDays", "5"), ("remindBefore", "3"),
                                                            ("overdueEvery", "7"), ("wordsPerMinute", "130"), ("d_hotline_feedback", "10")])
    }

    static func ask(_ b: inout Browser, province: UUID, text: String, contact: String = "", name: String = "", consent: Bool = true,
                    area: ReformArea = .procedures, extra: [(String, String)] = []) async throws -> BrowserResponse {
        var fields = [("province", province.uuidString), ("area", area.rawValue), ("text", text), ("name", name), ("contact", contact)] + extra
        if consent { fields.append(("consent", "1")) }
        return try await b.postMultipart("/hoi-dap", fileField: "file", filename: "", content: "", fields: fields)
    }

    static func receipt(_ res: BrowserResponse) -> String? {
        let body = res.body.string
        guard let r = body.range(of: "data-receipt=\"") else { return nil }
        return String(body[r.upperBound...].prefix(while: { $0 != "\"" }))
    }

    @Test func rulesAreCheckedByLineAndKept() async throws {
        try await withTestApp { app in
            let refused = try await Self.saveRules(app, routing: "Thủ tục | khai sinh | Phòng Nội vụ\nlĩnh vực lạ | x | ST\n* | | KHONG-CO")
            #expect(refused.status == .unprocessableEntity)
            let body = refused.body.string
            // "Phòng Nội vụ" names an office of every district: not one unit.
            #expect(body.contains("dòng 1: không tìm thấy đơn vị &quot;Phòng Nội vụ&quot;") || body.contains("dòng 1: không tìm thấy đơn vị \"Phòng Nội vụ\""))
            #expect(body.contains("dòng 2: không nhận ra lĩnh vực"))
            #expect(body.contains("dòng 3: không tìm thấy đơn vị"))
            // What was typed comes back.
            #expect(body.contains("lĩnh vực lạ | x | ST"))
            #expect(try await QuestionSettings.query(on: app.db).count() == 0)

            #expect(try await Self.saveRules(app).status == .seeOther)
            let province = try await unit("ST", on: app.db)
            let settings = try await QuestionService.settings(province: try province.requireID(), on: app.db)
            #expect(settings.routing.rules.count == 3)
            #expect(settings.deadlines.days(.hotline, .feedback) == 10)
            #expect(settings.deadlines.days(.web, .question) == 20)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$entityType == .questionSettings).count() == 1)
            // A reporter or a district's plan owner may not change the province's settings.
            for account in ["chauthanh.kehoach", "chauthanh.pnv"] {
                var b = Browser(app)
                try await b.login(account)
                #expect(try await b.get("/questions/settings").status == .forbidden)
            }
        }
    }

    @Test func aCitizenAsksTheUnitAnswersTheLeaderApprovesAndItIsPublishedWithoutPersonalData() async throws {
        let smtp = SMTPTestServer()
        try await smtp.start()
        defer { Task { await smtp.stop() } }
        try await withTestApp(adjust: { config in
            config.smtp = SMTPMailer.Settings(host: "127.0.0.1", port: smtp.port, from: "hoidap@soctrang.gov.vn")
        }) { app in
            #expect(try await Self.saveRules(app).status == .seeOther)
            let province = try await unit("ST", on: app.db).requireID()
            var citizen = Browser(app)
            let page = try await citizen.get("/hoi-dap")
            #expect(page.status == .ok)
            #expect(page.body.readableBytes < 50_000)
            #expect(page.body.string.contains("name=\"website\""))

            let text = "Tôi tên là Nguyễn Thị Hoa, CCCD 094123456789, số điện thoại 0912 345 678. Xin hỏi thủ tục đăng ký khai sinh cho con "
                + "khi cha mẹ chưa đăng ký kết hôn cần giấy tờ gì? Trả lời giúp tôi qua hoa.nguyen@example.vn."
            let asked = try await Self.ask(&citizen, province: province, text: text, contact: "hoa.nguyen@example.vn", name: "Nguyễn Thị Hoa")
            #expect(asked.status == .created)
            let code = try #require(Self.receipt(asked))
            let question = try #require(try await CitizenQuestion.query(on: app.db).filter(\.$code == code).with(\.$unit).first())
            // Routed by the keyword rule; the deadline is 20 working days from today.
            #expect(question.unit.code == "ST-CTH-PNV")
            let today = app.clock.today()
            let calendar = WorkingCalendar.parse(WorkingCalendar.vietnamDefaultText).calendar
            #expect(question.dueOn == calendar.adding(workingDays: 20, to: today))
            #expect(asked.body.string.contains(question.dueOn.display))
            // Not yet on the public page.
            #expect(!(try await citizen.get("/hoi-dap").body.string.contains(code)))

            // Another unit's reporter and a commune cannot read or answer it.
            for account in ["chauthanh.ttvh", "phutam", "vinhchau.kehoach"] {
                var other = Browser(app)
                try await other.login(account)
                #expect(try await other.get("/questions/\(question.requireID())").status == .forbidden, "\(account)")
                try await other.get("/account")
                #expect(try await other.post("/questions/\(question.requireID())/answer", [("answer", "Trả lời thử của đơn vị khác cho câu hỏi này."), ("submit", "1")]).status == .forbidden)
                #expect(!(try await other.get("/questions").body.string.contains(code)), "\(account) sees it in the list")
            }

            // The office drafts and submits; it cannot approve its own answer.
            var office = Browser(app)
            try await office.login("chauthanh.pnv")
            #expect(try await office.get("/questions").body.string.contains(code))
            let id = try question.requireID()
            try await office.get("/questions/\(id)")
            let answer = "Chào chị Hoa, hồ sơ gồm tờ khai đăng ký khai sinh và giấy chứng sinh; nộp tại UBND xã nơi cư trú. Liên hệ 0299 3822 123 nếu cần."
            #expect(try await office.post("/questions/\(id)/answer", [("answer", answer), ("submit", "1")]).status == .seeOther)
            #expect(try await office.post("/questions/\(id)/approve", []).status == .forbidden)

            // The leader sees the preview with what will be masked, and approves.
            var leader = Browser(app)
            try await leader.login("chauthanh.lanhdao")
            let preview = try await leader.get("/questions/\(id)")
            #expect(preview.body.string.contains("[số giấy tờ đã ẩn]"))
            #expect(preview.body.string.contains("094123456789"))
            #expect(try await leader.post("/questions/\(id)/approve", []).status == .seeOther)
            // Twice is refused: it is no longer waiting.
            #expect(try await leader.post("/questions/\(id)/approve", []).status == .conflict)

            // Published; found by a search without diacritics; no phone, e-mail, CCCD or name of the asker.
            let found = try await citizen.get("/hoi-dap?q=dang%20ky%20khai%20sinh")
            let html = found.body.string
            #expect(html.contains(code))
            for secret in ["094123456789", "0912 345 678", "hoa.nguyen@example.vn", "Nguyễn Thị Hoa", "chị Hoa", "3822 123"] {
                #expect(!html.contains(secret), "published page shows \(secret)")
            }
            let one = try await citizen.get("/hoi-dap/\(code)")
            #expect(one.body.string.contains("tờ khai đăng ký khai sinh"))
            #expect(!one.body.string.contains("094123456789"))
            #expect(!(try await citizen.get("/hoi-dap?q=thue%20dat").body.string.contains(code)))

            // The asker was told by e-mail, and the history says so; every step is in the audit log.
            let mail = try #require(smtp.received.first)
            #expect(mail.to.count == 1 && mail.to[0].contains("<hoa.nguyen@example.vn>"))
            #expect(mail.body.contains(code))
            let events = try await CitizenQuestionEvent.query(on: app.db).filter(\.$question.$id == id).all().map(\.action)
            #expect(events.contains("Đã gửi thư điện tử báo người hỏi"))
            let actions = try await AuditEntry.query(on: app.db).filter(\.$entityType == .citizenQuestion).all().map(\.action)
            #expect(Set(actions) == [.create, .submit, .publish])
        }
    }

    @Test func theFormRefusesAFloodADuplicateAndARobotAndKeepsWhatWasTyped() async throws {
        try await withTestApp(adjust: { $0.questionsPerHour = 3 }) { app in
            let province = try await unit("ST", on: app.db).requireID()
            var citizen = Browser(app)
            try await citizen.get("/hoi-dap")
            // The honeypot: thanked, nothing stored.
            let robot = try await Self.ask(&citizen, province: province, text: "Mua thuốc giá rẻ tại trang web của chúng tôi, liên hệ ngay hôm nay",
                                           extra: [("website", "http://spam.example")])
            #expect(robot.status == .ok)
            #expect(try await CitizenQuestion.query(on: app.db).count() == 0)
            // Too short: 422, the text kept.
            let short = try await Self.ask(&citizen, province: province, text: "Hỏi ngắn")
            #expect(short.status == .unprocessableEntity)
            #expect(short.body.string.contains("Hỏi ngắn"))
            #expect(short.body.string.contains("ít nhất 20 ký tự"))
            let bad = try await Self.ask(&citizen, province: province, text: "Xin hỏi giờ làm việc của bộ phận một cửa huyện Châu Thành?", contact: "12345")
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("Số điện thoại (10–11 chữ số)"))

            let first = "Xin hỏi thủ tục cấp lại giấy chứng nhận quyền sử dụng đất bị mất cần những giấy tờ gì và nộp ở đâu?"
            #expect(try await Self.ask(&citizen, province: province, text: first).status == .created)
            // The same question again, in capitals and without diacritics: refused as a repeat.
            let again = try await Self.ask(&citizen, province: province,
                                           text: "XIN HOI THU TUC CAP LAI GIAY CHUNG NHAN QUYEN SU DUNG DAT BI MAT CAN NHUNG GIAY TO GI VA NOP O DAU")
            #expect(again.status == .conflict)
            #expect(try await Self.ask(&citizen, province: province, text: "Thủ tục đăng ký kết hôn với người nước ngoài cần những giấy tờ gì?").status == .created)
            // Third allowed send this hour was the repeat; the fourth is over the limit, and the typed text comes back.
            let flood = try await Self.ask(&citizen, province: province, text: "Xin hỏi lệ phí chứng thực bản sao từ bản chính hiện nay là bao nhiêu?")
            #expect(flood.status == .tooManyRequests)
            #expect(flood.body.string.contains("lệ phí chứng thực bản sao"))
            #expect(try await CitizenQuestion.query(on: app.db).count() == 2)
        }
    }

    @Test func aMissedDeadlineRemindsTheUnitAndEscalatesOnceWithTwoInstances() async throws {
        try await withTestApp { app in
            #expect(try await Self.saveRules(app).status == .seeOther)
            let province = try await unit("ST", on: app.db)
            // Received Thursday 12/02/2026, a hotline feedback: 10 working days, Tết (14–22/02) skipped → due 05/03/2026.
            let (question, routed) = try await QuestionService.ask(
                .init(name: "Trần Văn Bình", contact: nil, area: .procedures, kind: .feedback, channel: .hotline, unit: nil,
                      text: "Phản ánh việc chậm trả kết quả hồ sơ khai sinh tại xã.", consent: false,
                      receivedOn: CalendarDate(year: 2026, month: 2, day: 12)),
                province: province, actor: .system, storage: app.files, maxBytes: 1 << 20,
                today: CalendarDate(year: 2026, month: 2, day: 12)!, now: Date(), on: app.db)
            #expect(routed.code == "ST-CTH-PNV")
            #expect(question.dueOn == CalendarDate(year: 2026, month: 3, day: 5))
            let office = try #require(try await User.query(on: app.db).filter(\.$username == "chauthanh.pnv").first())
            let above = try #require(try await User.query(on: app.db).filter(\.$username == "chauthanh.lanhdao").first())
            func notices(_ user: User) async throws -> [String] {
                try await Notice.query(on: app.db).filter(\.$user.$id == user.requireID()).sort(\.$createdAt).all().map(\.text)
            }
            // Three working days before (02/03): a reminder; on the day; then past it.
            let days = [(2, 27, 0), (3, 2, 1), (3, 3, 0), (3, 5, 1), (3, 6, 1)]
            for (month, day, expected) in days {
                let today = CalendarDate(year: 2026, month: month, day: day)!
                async let a = QuestionReminders.run(today: today, now: Date(), mailer: nil, notifier: nil, logger: nil, on: app.db)
                async let b = QuestionReminders.run(today: today, now: Date(), mailer: nil, notifier: nil, logger: nil, on: app.db)
                let sent = try await a + b
                // 06/03: the unit's overdue reminder and the escalation to the district above.
                #expect(sent == (day == 6 ? 2 : expected), "\(day)/\(month): \(sent)")
            }
            #expect(try await notices(office).count == 3)
            #expect(try await notices(office).first?.hasPrefix("Sắp đến hạn trả lời câu hỏi \(question.code)") == true)
            let escalations = try await notices(above).filter { $0.contains("đề nghị đôn đốc") }
            #expect(escalations.count == 1)
            // Later runs, a week later too, escalate no more; the unit gets its reminder every 7 working days.
            for day in [9, 10, 16] {
                _ = try await QuestionReminders.run(today: CalendarDate(year: 2026, month: 3, day: day)!, now: Date(), mailer: nil, notifier: nil, logger: nil, on: app.db)
            }
            #expect(try await notices(above).filter { $0.contains("đề nghị đôn đốc") }.count == 1)
            #expect(try await notices(office).count == 4)

            // The district's quarterly report counts it in its Q&A section: received, open and overdue at the cut-off.
            let district = try await unit("ST-CTH", on: app.db)
            let window = try await ReportCompiler.window(.q1, year: 2026, unit: district, on: app.db)
            let figures = try await ReportCompiler.compile(unit: district, window: window, today: CalendarDate(year: 2026, month: 3, day: 16)!, on: app.db)
            let section = try #require(figures.sections.first { $0.key == "dialogues" })
            let row = try #require(section.rows.first)
            #expect(row[1].contains("tiếp nhận 1 câu hỏi, trả lời đúng hạn 0, trễ hạn 0, đang xử lý 1 (quá hạn 1)"))
            #expect(row[3] == "Phòng Nội vụ huyện Châu Thành" || row[3].hasPrefix("Phòng Nội vụ"))
        }
    }
}
