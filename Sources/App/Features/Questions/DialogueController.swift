import Domain
import Fluent
import Vapor

extension Dialogue: UnitOwned { static let ownerUnitColumn = "unit_id" }

extension Dialogue: UnitRecord {
    static let parameter = "dialogueID"
    static let missing = "Không tìm thấy hội nghị đối thoại."
    static func load(_ id: UUID, on db: any Database) async throws -> Dialogue? {
        try await Dialogue.query(on: db).filter(\.$id == id).with(\.$unit).first()
    }
    var ownerUnit: Unit { unit }
}

/// Leaders' dialogues with citizens: the event (recorded as the dialogue activity of the plan task that scheduled it),
/// and the questions raised there, answered on the spot or promised — a promised answer is an open question of the
/// unit that must answer, with the deadline of a promise.
struct DialogueController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.dialogues, require: \.mayEnterQuestions, use: index)
        routes.on(.dialogueCreate, require: \.mayEnterQuestions, use: create)
        routes.on(.dialogue, load: Dialogue.self, need: .read, use: show)
        routes.on(.dialogueQuestion, load: Dialogue.self, need: .edit, use: addQuestion)
    }

    struct Row: Encodable { let id: UUID; let day: String; let title: String; let place: String; let leaders: String }

    struct Form: Content {
        var heldOn: String?
        var title: String?
        var place: String?
        var channel: String?
        var leaders: String?
        var topics: String?
        var task: String?
        var reach: String?
    }

    private func renderIndex(_ req: Request, _ viewer: Viewer, form: Form, message: String? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        let list = try await Dialogue.query(on: req.db).within(viewer.scope(.read)).sort(\.$heldOn, .descending).limit(200).all()
        struct Content: Encodable {
            let rows: [Row]; let form: Form; let channels: [SelectOption]; let tasks: [ContestService.TaskChoice]; let message: String?
        }
        let channels = [ActivityChannel.onSite, .tv, .radio, .portal, .facebook, .zalo]
        return try await req.render("questions/dialogues", title: "Đối thoại với người dân", section: "questions", Content(
            rows: try list.map { Row(id: try $0.requireID(), day: $0.heldOn.display, title: $0.title, place: $0.place, leaders: $0.leaders) },
            form: form, channels: channels.map { SelectOption(value: $0.rawValue, label: $0.label, selected: $0.rawValue == (form.channel ?? "on_site")) },
            tasks: try await ContestService.taskChoices(for: viewer.unit, on: req.db), message: message), status: status)
    }

    @Sendable func index(req: Request, viewer: Viewer) async throws -> Response {
        try await renderIndex(req, viewer, form: Form(heldOn: req.application.clock.today().display, title: "Hội nghị đối thoại giữa lãnh đạo với người dân về cải cách hành chính"))
    }

    @Sendable func create(req: Request, viewer: Viewer) async throws -> Response {
        let form = try req.content.decode(Form.self)
        var errors = FieldErrors()
        let today = req.application.clock.today()
        guard let day = UnitForm.date(form.heldOn, field: "heldOn", errors: &errors), day <= today else {
            return try await renderIndex(req, viewer, form: form, message: errors["heldOn"] ?? "Nhập ngày tổ chức (dd/mm/yyyy), không sau hôm nay.", status: .unprocessableEntity)
        }
        let title = VietnameseText.clean(String((form.title ?? "").prefix(300)))
        let place = VietnameseText.clean(String((form.place ?? "").prefix(300)))
        let leaders = VietnameseText.clean(String((form.leaders ?? "").prefix(1000)))
        guard !title.isEmpty, !place.isEmpty, !leaders.isEmpty else {
            return try await renderIndex(req, viewer, form: form, message: "Nhập tên, địa điểm (hoặc kênh phát sóng) và lãnh đạo chủ trì.", status: .unprocessableEntity)
        }
        let reachText = (form.reach ?? "").trimmingCharacters(in: .whitespaces)
        let reach = reachText.isEmpty ? nil : Int(reachText)
        guard reachText.isEmpty || (reach ?? -1) >= 0 else {
            return try await renderIndex(req, viewer, form: form, message: "Số người tham dự phải là số không âm.", status: .unprocessableEntity)
        }
        let channel = form.channel.flatMap(ActivityChannel.init(rawValue:)) ?? .onSite
        let dialogue = Dialogue(unitID: try viewer.unit.requireID(), heldOn: day, title: title, place: place, channel: channel, leaders: leaders,
                                topics: VietnameseText.cleanLines(String((form.topics ?? "").prefix(4000))), by: viewer.actor.name, at: req.now)
        do {
            let input = ActivityService.Input(kind: .dialogue, channel: channel, happenedOn: day, title: title + " — " + place, link: nil,
                                              reach: reach, cost: nil, note: "Lãnh đạo chủ trì: " + leaders, occurrenceID: nil)
            dialogue.activityID = try await ContestService.recordOnTask(input, choice: form.task, unit: viewer.unit, actor: viewer.actor,
                                                                        files: req.application.files, config: req.config, on: req.db)?.id
        } catch let error as AppError where (400..<500).contains(error.status.code) {
            return try await renderIndex(req, viewer, form: form, message: error.reason, status: error.status)
        }
        try await req.db.audited(by: viewer.actor, at: req.now) { db, audit in
            try await dialogue.create(on: db)
            try await audit.record(.create, .dialogue, id: dialogue.id, unit: dialogue.$unit.id, summary: "Ghi hội nghị đối thoại ngày \(day.display): \(title)")
        }
        req.flash("Đã ghi hội nghị đối thoại" + (dialogue.activityID != nil ? " và kết quả thực hiện nhiệm vụ." : ". Nhập các câu hỏi người dân nêu tại hội nghị."))
        return req.redirect(to: .dialogue, try dialogue.requireID())
    }

    struct QuestionRow: Encodable { let id: UUID; let code: String; let text: String; let status: String; let unit: String; let due: String; let answer: String? }

    @Sendable func show(req: Request, viewer: Viewer, dialogue: Dialogue) async throws -> Response {
        try await renderShow(req, viewer, dialogue)
    }

    private func renderShow(_ req: Request, _ viewer: Viewer, _ dialogue: Dialogue, message: String? = nil, form: QuestionForm = QuestionForm(),
                            status: HTTPResponseStatus = .ok) async throws -> Response {
        let questions = try await CitizenQuestion.query(on: req.db).filter(\.$dialogueID == dialogue.requireID()).with(\.$unit).sort(\.$createdAt).all()
        struct Content: Encodable {
            let id: UUID; let day: String; let title: String; let place: String; let channel: String; let leaders: String; let topics: String
            let questions: [QuestionRow]; let mayEdit: Bool; let areas: [SelectOption]; let form: QuestionForm; let message: String?
        }
        return try await req.render("questions/dialogue", title: dialogue.title, section: "questions", Content(
            id: try dialogue.requireID(), day: dialogue.heldOn.display, title: dialogue.title, place: dialogue.place, channel: dialogue.channel.label,
            leaders: dialogue.leaders, topics: dialogue.topics,
            questions: try questions.map { q in
                QuestionRow(id: try q.requireID(), code: q.code, text: q.text, status: q.status == .answered ? "Đã trả lời tại hội nghị" : "Hứa trả lời",
                            unit: q.unit.name, due: q.dueOn.display, answer: q.answer)
            },
            mayEdit: viewer.may(.edit, dialogue.unit),
            areas: ReformArea.allCases.map { SelectOption(value: $0.rawValue, label: $0.label, selected: $0.rawValue == form.area) }, form: form, message: message),
            status: status)
    }

    struct QuestionForm: Content {
        var name: String?
        var area: String?
        var text: String?
        var answer: String?
        /// "1": the answer was promised, by `unit`.
        var promised: String?
        var unit: String?
    }

    /// A question raised at the dialogue: answered on the spot (with the answer given), or promised by a unit, which then
    /// has the promise's deadline.
    @Sendable func addQuestion(req: Request, viewer: Viewer, dialogue: Dialogue) async throws -> Response {
        let form = try req.content.decode(QuestionForm.self)
        let promised = form.promised == "1"
        let answer = VietnameseText.cleanLines(String((form.answer ?? "").prefix(8000)))
        guard promised || answer.count >= 10 else {
            return try await renderShow(req, viewer, dialogue, message: "Ghi câu trả lời đã đưa ra tại hội nghị, hoặc đánh dấu là hứa trả lời sau.", form: form,
                                        status: .unprocessableEntity)
        }
        let province = try await QuestionService.province(of: dialogue.unit, on: req.db)
        let today = req.application.clock.today()
        if promised, let named = form.unit?.trimmingCharacters(in: .whitespaces), !named.isEmpty {
            let directory = try await UnitDirectory.load(issuer: province, on: today, db: req.db)
            guard try await QuestionService.resolve(named, in: province, directory: directory, today: today, on: req.db) != nil else {
                return try await renderShow(req, viewer, dialogue, message: "Không tìm thấy đơn vị \"\(named)\" đang hoạt động trong tỉnh; nhập đúng tên hoặc mã đơn vị.",
                                            form: form, status: .unprocessableEntity)
            }
        }
        let asked = QuestionService.Asked(name: form.name, contact: nil, area: form.area.flatMap(ReformArea.init(rawValue:)) ?? .other,
                                          kind: promised ? .promise : .question, channel: .dialogue,
                                          unit: promised ? (form.unit.flatMap { $0.isEmpty ? nil : $0 } ?? dialogue.unit.code) : dialogue.unit.code,
                                          text: form.text ?? "", consent: false, receivedOn: dialogue.heldOn)
        do {
            let (question, _) = try await QuestionService.ask(asked, province: province, actor: viewer.actor, storage: req.application.files,
                                                              maxBytes: req.config.maxUploadBytes, today: today, now: req.now, on: req.db)
            let id = try question.requireID(), dialogueID = try dialogue.requireID()
            try await req.db.audited(by: viewer.actor, at: req.now) { db, audit in
                try await CitizenQuestion.query(on: db).filter(\.$id == id).set(\.$dialogueID, to: dialogueID).update()
                if !promised {
                    try await CitizenQuestion.query(on: db).filter(\.$id == id).set(\.$status, to: .answered).set(\.$answer, to: answer)
                        .set(\.$answeredOn, to: dialogue.heldOn).set(\.$approvedBy, to: dialogue.leaders).update()
                    try await CitizenQuestionEvent(questionID: id, at: req.now, actor: viewer.actor.name, action: "Trả lời tại hội nghị đối thoại",
                                                   note: dialogue.leaders).create(on: db)
                    try await audit.record(.update, .citizenQuestion, id: id, unit: question.$unit.id, summary: "Trả lời tại đối thoại câu hỏi \(question.code)")
                }
            }
            req.flash(promised ? "Đã ghi câu hỏi \(question.code): hứa trả lời, hạn \(question.dueOn.display)." : "Đã ghi câu hỏi \(question.code) và câu trả lời tại hội nghị.")
            return req.redirect(to: .dialogue, dialogueID)
        } catch let error as AppError where (400..<500).contains(error.status.code) {
            return try await renderShow(req, viewer, dialogue, message: error.reason, form: form, status: error.status)
        }
    }
}
