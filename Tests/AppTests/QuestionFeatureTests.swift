import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import App
import Domain

/// A webhook receiver on a loopback port (what an SMS or Zalo gateway would be): keeps the JSON bodies it is sent.
final class WebhookReceiver: @unchecked Sendable {
    private let lock = NSLock()
    private var bodies: [String] = []
    private var app: Application?
    var port = 0

    var received: [String] { lock.withLock { bodies } }

    func start() async throws {
        let app = try await Application.make(.testing)
        app.post("hook") { [weak self] req -> HTTPStatus in
            let body = req.body.string ?? ""
            self?.lock.withLock { self?.bodies.append(body) }
            return .ok
        }
        try await app.server.start(address: .hostname("127.0.0.1", port: 0))
        port = app.http.server.shared.localAddress?.port ?? 0
        self.app = app
    }

    func stop() async {
        await app?.server.shutdown()
        try? await app?.asyncShutdown()
    }
}

@Suite struct QuestionForwardAndWebhookTests {
    @Test func aQuestionIsForwardedWithAReasonAndAPhoneAskerIsToldThroughTheWebhook() async throws {
        let hook = WebhookReceiver()
        try await hook.start()
        try await withTestApp(adjust: { config in config.questionWebhookURL = "http://127.0.0.1:\(hook.port)/hook" }) { app in
            #expect(try await QuestionFlowTests.saveRules(app).status == .seeOther)
            let province = try await unit("ST", on: app.db).requireID()
            var citizen = Browser(app)
            try await citizen.get("/hoi-dap")
            // "đất đai" sends it to Vĩnh Châu; it belongs to Châu Thành's office.
            let asked = try await QuestionFlowTests.ask(&citizen, province: province,
                text: "Xin hỏi hồ sơ đất đai của hộ gia đình tôi ở huyện Châu Thành nộp ở đâu, bao lâu có kết quả?", contact: "+84 912 345 678")
            #expect(asked.status == .created)
            let code = try #require(QuestionFlowTests.receipt(asked))
            let question = try #require(try await CitizenQuestion.query(on: app.db).filter(\.$code == code).with(\.$unit).first())
            #expect(question.unit.code == "ST-VC")
            #expect(question.askerContact == "0912345678")
            let id = try question.requireID()

            var vc = Browser(app)
            try await vc.login("vinhchau.kehoach")
            try await vc.get("/questions/\(id)")
            // Without a reason, or to a unit that is not there: refused, what was typed kept.
            let noReason = try await vc.post("/questions/\(id)/forward", [("unit", "ST-CTH-PNV"), ("reason", "")])
            #expect(noReason.status == .unprocessableEntity)
            #expect(noReason.body.string.contains("Ghi lý do chuyển"))
            let unknown = try await vc.post("/questions/\(id)/forward", [("unit", "Sở Không Có"), ("reason", "Không thuộc thẩm quyền")])
            #expect(unknown.status == .unprocessableEntity)
            #expect(unknown.body.string.contains("Không thuộc thẩm quyền"))
            #expect(try await vc.post("/questions/\(id)/forward", [("unit", "ST-CTH-PNV"), ("reason", "Đất ở huyện Châu Thành")]).status == .seeOther)
            let moved = try #require(try await CitizenQuestion.load(id, on: app.db))
            #expect(moved.unit.code == "ST-CTH-PNV")
            // Vĩnh Châu no longer reads it; Châu Thành's office does, with the reason in its history.
            #expect(try await vc.get("/questions/\(id)").status == .forbidden)
            var office = Browser(app)
            try await office.login("chauthanh.pnv")
            let page = try await office.get("/questions/\(id)")
            #expect(page.status == .ok)
            #expect(page.body.string.contains("Đất ở huyện Châu Thành"))
            try await office.post("/questions/\(id)/answer", [("answer", "Hồ sơ nộp tại Bộ phận một cửa huyện Châu Thành; thời hạn giải quyết 15 ngày."), ("submit", "1")])
            var leader = Browser(app)
            try await leader.login("chauthanh.lanhdao")
            try await leader.get("/questions/\(id)")
            // Returned with a reason first: back with the office, which sees why.
            #expect(try await leader.post("/questions/\(id)/return", [("reason", "")]).status == .unprocessableEntity)
            #expect(try await leader.post("/questions/\(id)/return", [("reason", "Ghi rõ địa chỉ bộ phận một cửa")]).status == .seeOther)
            #expect(try await office.get("/questions/\(id)").body.string.contains("Ghi rõ địa chỉ bộ phận một cửa"))
            try await office.post("/questions/\(id)/answer", [("answer", "Hồ sơ nộp tại Bộ phận một cửa huyện Châu Thành (số 1 đường 30/4); thời hạn 15 ngày."), ("submit", "1")])
            #expect(try await leader.post("/questions/\(id)/approve", []).status == .seeOther)

            // The gateway got one JSON message for the asker's phone, with the receipt.
            let sent = hook.received
            #expect(sent.count == 1)
            let message = try JSONDecoder().decode(QuestionNotifier.Payload.self, from: Data((sent.first ?? "").utf8))
            #expect(message.event == "question.answered")
            #expect(message.channel == "sms")
            #expect(message.to == "0912345678")
            #expect(message.code == code)
            #expect(message.url.hasSuffix("/hoi-dap/\(code)"))
            let actions = try await CitizenQuestionEvent.query(on: app.db).filter(\.$question.$id == id).all().map(\.action)
            #expect(actions.contains("Đã gửi tin nhắn báo người hỏi"))
            #expect(actions.contains("Trả lại dự thảo"))
        }
        await hook.stop()
    }
}

@Suite struct RadioColumnTests {
    @Test func theStationPicksTheMonthsAnswersEditsThemExportsTheScriptAndRecordsTheBroadcast() async throws {
        try await withTestApp { app in
            let plan = try await makePlan([("Duy trì chuyên mục “Dân hỏi – Chính quyền trả lời” trên sóng phát thanh",
                                            ["Trung tâm Văn hóa – Thể thao – Truyền thanh huyện Châu Thành"], "Hằng tháng")],
                                          year: app.clock.today().year, number: "9/KH-UBND", on: app)
            let station = try await unit("ST-CTH-TTVH", on: app.db)
            let assignment = try #require(try await Assignment.query(on: app.db).filter(\.$plan.$id == plan.requireID())
                .filter(\.$unit.$id == station.requireID()).first())
            // Two answers published this month in the province.
            let province = try await unit("ST", on: app.db)
            let today = app.clock.today()
            var codes: [String] = []
            for (n, text) in ["Xin hỏi đăng ký khai sinh cho con ở đâu, cần giấy tờ gì?", "Lệ phí chứng thực bản sao giấy tờ hiện nay là bao nhiêu?"].enumerated() {
                let (q, _) = try await QuestionService.ask(.init(name: "Trần Thị Lan", contact: nil, area: .procedures, unit: "ST-CTH-PNV", text: text, consent: true),
                                                           province: province, actor: .system, storage: app.files, maxBytes: 1 << 20, today: today, now: Date(), on: app.db)
                try await QuestionService.draft(q, answer: "Trả lời số \(n + 1): ông bà liên hệ bộ phận một cửa của UBND xã nơi cư trú.", submit: true,
                                                actor: AuditActor(id: nil, name: "chauthanh.pnv"), now: Date(), on: app.db)
                try await QuestionService.approve(q, actor: AuditActor(id: nil, name: "chauthanh.lanhdao"), today: today, now: Date(), on: app.db)
                codes.append(q.code)
            }
            var b = Browser(app)
            try await b.login("chauthanh.ttvh")
            try await b.get("/questions/radio")
            let month = (today.month < 10 ? "0" : "") + "\(today.month)/\(today.year)"
            let created = try await b.post("/questions/radio", [("month", month)])
            #expect(created.status == .seeOther)
            let path = try #require(created.headers.first(name: .location))
            let page = try await b.get(path)
            for code in codes { #expect(page.body.string.contains(code)) }
            // Keep the second only; its answer edited with a phone number the column must not air.
            let saved = try await b.post(path, [("pick[]", codes[1]), ("intro", "Kính thưa quý thính giả!"), ("outro", "Xin chào."),
                                                ("questions[\(codes[1])]", "Lệ phí chứng thực bản sao là bao nhiêu?"),
                                                ("answers[\(codes[1])]", "Theo quy định hiện hành, mỗi trang 2.000 đồng; chị Lan gọi 0912 345 678 để được hướng dẫn.")])
            #expect(saved.status == .seeOther)
            let column = try #require(try await RadioColumn.query(on: app.db).first())
            let script = try #require(column.script)
            #expect(script.items.map(\.code) == [codes[1]])
            #expect(!script.items[0].answer.contains("0912 345 678") && !script.items[0].answer.contains("chị Lan"))
            #expect(script.totalSeconds == RadioScript.seconds("Kính thưa quý thính giả!", wordsPerMinute: 130) + RadioScript.seconds("Xin chào.", wordsPerMinute: 130)
                    + RadioScript.seconds(script.items[0].question, wordsPerMinute: 130) + RadioScript.seconds(script.items[0].answer, wordsPerMinute: 130))
            #expect(try await b.get(path).body.string.contains(RadioScript.duration(script.totalSeconds)))

            let docx = try await b.get(path + "/script.docx")
            #expect(docx.status == .ok)
            #expect(docx.headers.contentType?.subType == "vnd.openxmlformats-officedocument.wordprocessingml.document")
            #expect(docx.body.getBytes(at: 0, length: 2) == [0x50, 0x4B])

            // Another unit's reporter reads nothing of it.
            var other = Browser(app)
            try await other.login("chauthanh.pnv")
            #expect(try await other.get(path).status == .forbidden)

            // Aired: recorded on the station's assignment as a radio segment.
            try await b.get(path)
            let aired = try await b.post(path + "/broadcast", [("day", today.display), ("reach", "1200"), ("task", "a:" + assignment.requireID().uuidString)])
            #expect(aired.status == .seeOther)
            let activity = try #require(try await Activity.query(on: app.db).filter(\.$assignment.$id == assignment.requireID()).first())
            #expect(activity.kind == .radioSegment && activity.channel == .radio && activity.reach == 1200)
            #expect(activity.title.contains("1 câu hỏi"))
            #expect(try await b.post(path + "/broadcast", [("day", today.display)]).status == .conflict)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$entityType == .radioColumn).count() == 3)
        }
    }
}

@Suite struct DialogueTests {
    @Test func aDialogueIsTheTasksActivityAndItsPromisesBecomeQuestionsWithADeadline() async throws {
        try await withTestApp { app in
            let year = app.clock.today().year
            let plan = try await makePlan([("Tổ chức hội nghị đối thoại giữa lãnh đạo huyện với người dân", ["Ủy ban nhân dân huyện Châu Thành"], "Quý IV/\(year)")],
                                          year: year, number: "11/KH-UBND", on: app)
            let task = try #require(try await TaskEntry.query(on: app.db).filter(\.$plan.$id == plan.requireID()).first())
            var b = Browser(app)
            try await b.login("chauthanh.kehoach")
            try await b.get("/dialogues")
            let day = try #require(app.clock.today().adding(days: -3))
            // Missing the leaders: refused, what was typed kept.
            let refused = try await b.post("/dialogues", [("heldOn", day.display), ("title", "Đối thoại về thủ tục đất đai"), ("place", "Hội trường UBND huyện")])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("Hội trường UBND huyện"))
            let made = try await b.post("/dialogues", [("heldOn", day.display), ("title", "Đối thoại về thủ tục đất đai"), ("place", "Hội trường UBND huyện"),
                                                      ("channel", "on_site"), ("leaders", "Chủ tịch UBND huyện"), ("reach", "150"),
                                                      ("task", "t:" + task.requireID().uuidString)])
            #expect(made.status == .seeOther)
            let path = try #require(made.headers.first(name: .location))
            let dialogue = try #require(try await Dialogue.query(on: app.db).first())
            let activity = try #require(try await Activity.find(dialogue.activityID, on: app.db))
            #expect(activity.kind == .dialogue && activity.reach == 150 && activity.$task.id == task.id)

            try await b.get(path)
            #expect(try await b.post(path + "/questions", [("text", "Vì sao cấp sổ đỏ chậm?"), ("answer", "")]).status == .unprocessableEntity)
            #expect(try await b.post(path + "/questions", [("name", "Ông Sáu"), ("area", "procedures"), ("text", "Vì sao cấp giấy chứng nhận quyền sử dụng đất chậm?"),
                                                          ("answer", "Huyện sẽ rà soát hồ sơ tồn đọng và trả trong tháng này.")]).status == .seeOther)
            // A promising unit that is not in the registry: refused, not sent elsewhere.
            let typo = try await b.post(path + "/questions", [("area", "procedures"), ("text", "Xin hỏi thủ tục đăng ký khai sinh cho trẻ sinh ở nước ngoài?"),
                                                             ("promised", "1"), ("unit", "Phòng Nội vụ huyện Châu Thànhh xyz")])
            #expect(typo.status == .unprocessableEntity)
            #expect(typo.body.string.contains("trẻ sinh ở nước ngoài"))
            #expect(try await b.post(path + "/questions", [("area", "procedures"), ("text", "Xin hỏi thủ tục đăng ký khai sinh cho trẻ sinh ở nước ngoài?"),
                                                          ("promised", "1"), ("unit", "ST-CTH-PNV")]).status == .seeOther)
            let raised = try await CitizenQuestion.query(on: app.db).filter(\.$dialogueID == dialogue.requireID()).with(\.$unit).sort(\.$createdAt).all()
            #expect(raised.count == 2)
            #expect(raised[0].status == .answered && raised[0].answeredOn == day && raised[0].channel == .dialogue)
            let promise = raised[1]
            #expect(promise.kind == .promise && promise.status == .open && promise.unit.code == "ST-CTH-PNV")
            let calendar = WorkingCalendar.parse(WorkingCalendar.vietnamDefaultText).calendar
            #expect(promise.dueOn == calendar.adding(workingDays: 30, to: day))
            // The office that promised sees it among its questions to answer.
            var office = Browser(app)
            try await office.login("chauthanh.pnv")
            #expect(try await office.get("/questions").body.string.contains(promise.code))
            // A commune reads nothing of the district's dialogue.
            var commune = Browser(app)
            try await commune.login("phutam")
            #expect(try await commune.get(path).status == .forbidden)
        }
    }
}

@Suite struct QuestionAttachmentAndDelayTests {
    @Test func anAttachmentIsCheckedLikeEvidenceAndAnAskerWaitingPastTheDeadlineIsToldOnce() async throws {
        let hook = WebhookReceiver()
        try await hook.start()
        try await withTestApp(adjust: { config in config.questionWebhookURL = "http://127.0.0.1:\(hook.port)/hook" }) { app in
            let province = try await unit("ST", on: app.db).requireID()
            var citizen = Browser(app)
            try await citizen.get("/hoi-dap")
            let fields: [(String, String)] = [("province", province.uuidString), ("area", "procedures"), ("contact", "0912345678"),
                                              ("text", "Xin gửi kèm ảnh chụp giấy hẹn trả kết quả đã quá hạn, đề nghị cơ quan kiểm tra.")]
            // A program named like a PDF: refused by its content, what was typed kept.
            let disguised = try await citizen.postMultipart("/hoi-dap", fileField: "file", filename: "giay-hen.pdf", data: Data("MZ\u{90}\u{0}binary".utf8), fields: fields)
            #expect(disguised.status == .unsupportedMediaType)
            #expect(disguised.body.string.contains("giấy hẹn trả kết quả đã quá hạn"))
            #expect(try await CitizenQuestion.query(on: app.db).count() == 0)
            let sent = try await citizen.postMultipart("/hoi-dap", fileField: "file", filename: "giay-hen.pdf", data: SampleFiles.pdf, fields: fields)
            #expect(sent.status == .created)
            let question = try #require(try await CitizenQuestion.query(on: app.db).with(\.$unit).first())
            #expect(question.attachmentType == "pdf")
            // No rules: the province itself answers; its administrator downloads the file.
            var admin = Browser(app)
            try await admin.login("admin")
            let file = try await admin.get("/questions/\(question.requireID())/attachment")
            #expect(file.status == .ok)
            #expect(file.body.readableBytes == SampleFiles.pdf.count)
            // The attachment is never on the public page.
            #expect(!(try await citizen.get("/hoi-dap/\(question.code)").body.string.contains("giay-hen")))

            // Past the deadline by 7 working days: the asker is told once that it is still being handled.
            let settings = try await QuestionService.settings(province: province, on: app.db)
            let late = try #require(settings.calendar.adding(workingDays: 7, to: question.dueOn))
            let notifier = QuestionNotifier(app: app)
            async let a = QuestionReminders.run(today: late, now: Date(), mailer: nil, notifier: notifier, logger: nil, on: app.db)
            async let b = QuestionReminders.run(today: late, now: Date(), mailer: nil, notifier: notifier, logger: nil, on: app.db)
            _ = try await a + b
            _ = try await QuestionReminders.run(today: late, now: Date(), mailer: nil, notifier: notifier, logger: nil, on: app.db)
            let messages = hook.received
            #expect(messages.count == 1)
            let message = try JSONDecoder().decode(QuestionNotifier.Payload.self, from: Data((messages.first ?? "").utf8))
            #expect(message.event == "question.delayed" && message.to == "0912345678" && message.code == question.code)
        }
        await hook.stop()
    }
}
