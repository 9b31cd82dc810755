import Domain
import Fluent
import Vapor

extension QuestionController {
    struct ShowContent: Encodable {
        struct Event: Encodable { let at: String; let actor: String; let action: String; let note: String? }
        struct Finding: Encodable { let kind: String; let text: String }
        let id: UUID
        let code: String
        let unit: String
        let province: String
        let area: String
        let kind: String
        let channel: String
        let received: String
        let due: String
        let overdue: Bool
        let status: String
        let askerName: String?
        let askerContact: String?
        let consent: Bool
        let text: String
        let attachment: String?
        let answer: String
        let returnNote: String?
        let events: [Event]
        let mayEdit: Bool
        let mayApprove: Bool
        let awaiting: Bool
        let answered: Bool
        let previewQuestion: String
        let previewAnswer: String
        let findings: [Finding]
        let forwardTo: String
        let reason: String
        let message: String?
    }

    func render(_ req: Request, _ viewer: Viewer, _ question: CitizenQuestion, answer: String? = nil, forwardTo: String = "", reason: String = "",
                message: String? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        let events = try await CitizenQuestionEvent.query(on: req.db).filter(\.$question.$id == question.requireID()).sort(\.$at).all()
        let shown = QuestionService.preview(question)
        let today = req.application.clock.today()
        let content = ShowContent(
            id: try question.requireID(), code: question.code, unit: question.unit.name, province: question.province.name, area: question.area.label,
            kind: question.kind.label, channel: question.channel.label, received: question.receivedOn.display, due: question.dueOn.display,
            overdue: question.status != .answered && question.dueOn < today, status: question.status.label,
            askerName: question.askerName, askerContact: question.askerContact, consent: question.consent, text: question.text,
            attachment: question.attachmentName, answer: answer ?? question.answer ?? "", returnNote: question.status == .open ? question.returnNote : nil,
            events: events.map { .init(at: AppClock.display($0.at), actor: $0.actor, action: $0.action, note: $0.note) },
            mayEdit: viewer.may(.edit, question.unit) && question.status != .answered,
            mayApprove: QuestionService.mayApprove(viewer, question), awaiting: question.status == .awaitingApproval,
            answered: question.status == .answered,
            previewQuestion: question.publicQuestion ?? shown.question, previewAnswer: question.publicAnswer ?? shown.answer,
            findings: shown.found.map { .init(kind: $0.kind.label, text: $0.text) }, forwardTo: forwardTo, reason: reason, message: message)
        return try await req.render("questions/show", title: "Câu hỏi \(question.code)", section: "questions", content, status: status)
    }

    @Sendable func show(req: Request, viewer: Viewer, question: CitizenQuestion) async throws -> Response {
        try await render(req, viewer, question)
    }

    struct ActionForm: Content {
        var answer: String?
        var submit: String?
        var unit: String?
        var reason: String?
    }

    /// Runs a step; a refusal (4xx) shows the page again with what was typed and the reason.
    private func attempt(_ req: Request, _ viewer: Viewer, _ question: CitizenQuestion, _ form: ActionForm, done: String,
                         _ body: () async throws -> Void) async throws -> Response {
        do {
            try await body()
            req.flash(done)
            return req.redirect(to: .question, try question.requireID())
        } catch let error as AppError where (400..<500).contains(error.status.code) && error.status != .forbidden {
            let fresh = try await CitizenQuestion.load(try question.requireID(), on: req.db) ?? question
            return try await render(req, viewer, fresh, answer: form.answer, forwardTo: form.unit ?? "", reason: form.reason ?? "",
                                    message: error.reason, status: error.status)
        }
    }

    @Sendable func draft(req: Request, viewer: Viewer, question: CitizenQuestion) async throws -> Response {
        let form = try req.content.decode(ActionForm.self)
        let submit = form.submit == "1"
        return try await attempt(req, viewer, question, form, done: submit ? "Đã trình lãnh đạo duyệt câu trả lời." : "Đã lưu dự thảo câu trả lời.") {
            try await QuestionService.draft(question, answer: form.answer ?? "", submit: submit, actor: viewer.actor, now: req.now, on: req.db)
        }
    }

    @Sendable func forward(req: Request, viewer: Viewer, question: CitizenQuestion) async throws -> Response {
        let form = try req.content.decode(ActionForm.self)
        let today = req.application.clock.today()
        return try await attempt(req, viewer, question, form, done: "Đã chuyển câu hỏi.") {
            let directory = try await UnitDirectory.load(issuer: question.province, on: today, db: req.db)
            guard let target = try await QuestionService.resolve(form.unit ?? "", in: question.province, directory: directory, today: today, on: req.db) else {
                throw AppError(.unprocessableEntity, "Không tìm thấy đơn vị \"\(form.unit ?? "")\" đang hoạt động trong tỉnh; nhập đúng tên hoặc mã đơn vị.")
            }
            try await QuestionService.forward(question, to: target, reason: form.reason ?? "", actor: viewer.actor, today: today, now: req.now, on: req.db)
        }
    }

    @Sendable func approve(req: Request, viewer: Viewer, question: CitizenQuestion) async throws -> Response {
        let form = try req.content.decode(ActionForm.self)
        let id = try question.requireID()
        let response = try await attempt(req, viewer, question, form, done: question.consent ? "Đã duyệt và công bố câu trả lời." : "Đã duyệt câu trả lời.") {
            try await QuestionService.approve(question, actor: viewer.actor, today: req.application.clock.today(), now: req.now, on: req.db)
        }
        if response.status == .seeOther, let answered = try await CitizenQuestion.load(id, on: req.db), answered.status == .answered {
            await QuestionNotifier(app: req.application).answered(answered, unitName: answered.unit.name, now: req.now, on: req.db)
        }
        return response
    }

    @Sendable func sendBack(req: Request, viewer: Viewer, question: CitizenQuestion) async throws -> Response {
        let form = try req.content.decode(ActionForm.self)
        return try await attempt(req, viewer, question, form, done: "Đã trả lại dự thảo cho đơn vị.") {
            try await QuestionService.sendBack(question, reason: form.reason ?? "", actor: viewer.actor, now: req.now, on: req.db)
        }
    }
}
