import Domain
import Fluent
import Vapor

extension CitizenQuestion: UnitRecord {
    static let parameter = "questionID"
    static let missing = "Không tìm thấy câu hỏi."
    static func load(_ id: UUID, on db: any Database) async throws -> CitizenQuestion? {
        try await CitizenQuestion.query(on: db).filter(\.$id == id).with(\.$unit).with(\.$province).first()
    }
    var ownerUnit: Unit { unit }
}

extension Need where Record == CitizenQuestion {
    /// Approve or return the answer (`QuestionService.mayApprove`).
    static var approve: Need { Need { QuestionService.mayApprove($0, $1) } }
}

extension Viewer {
    /// May enter questions received at the desk, by phone, letter, Zalo or at a dialogue: accounts that edit a unit's records.
    var mayEnterQuestions: Bool { scope(.edit) != .nothing }
}

/// The staff side of "Dân hỏi – Chính quyền trả lời" (menu *Hỏi đáp*): the questions of the units the viewer reads, with
/// their deadlines; one question's page with the answer's draft, forwarding, and the leader's approval.
struct QuestionController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.questions, use: index)
        routes.on(.questionNew, require: \.mayEnterQuestions, use: new)
        routes.on(.questionCreate, require: \.mayEnterQuestions, use: create)
        routes.on(.question, load: CitizenQuestion.self, need: .read, use: show)
        routes.on(.questionAttachment, load: CitizenQuestion.self, need: .read, use: attachment)
        routes.on(.questionForward, load: CitizenQuestion.self, need: .edit, use: forward)
        routes.on(.questionDraft, load: CitizenQuestion.self, need: .edit, use: draft)
        routes.on(.questionApprove, load: CitizenQuestion.self, need: .approve, use: approve)
        routes.on(.questionReturn, load: CitizenQuestion.self, need: .approve, use: sendBack)
    }

    struct Row: Encodable {
        let id: UUID
        let code: String
        let unit: String
        let area: String
        let channel: String
        let received: String
        let due: String
        let status: String
        let overdue: Bool
        let excerpt: String
    }

    @Sendable func index(req: Request, viewer: Viewer) async throws -> Response {
        let today = req.application.clock.today()
        let filter = (try? req.query.get(String.self, at: "status")) ?? "pending"
        var query = CitizenQuestion.query(on: req.db).visible(to: viewer).with(\.$unit)
        switch filter {
        case "answered": query = query.filter(\.$status == .answered).sort(\.$answeredOn, .descending)
        case "overdue": query = query.filter(\.$status != .answered).filter(\.$dueOn < today).sort(\.$dueOn)
        case "approval": query = query.filter(\.$status == .awaitingApproval).sort(\.$dueOn)
        default: query = query.filter(\.$status != .answered).sort(\.$dueOn)
        }
        let rows = try await query.sort(\.$createdAt).limit(300).all().map { q in
            Row(id: try q.requireID(), code: q.code, unit: q.unit.name, area: q.area.label, channel: q.channel.label, received: q.receivedOn.display,
                due: q.dueOn.display, status: q.status.label + (q.returnNote != nil && q.status == .open ? " (bị trả lại)" : ""),
                overdue: q.status != .answered && q.dueOn < today, excerpt: String(q.text.prefix(160)))
        }
        let figures = try await QuestionFigures.compute(scope: viewer.scope(.read), year: req.queryYear, today: today, on: req.db)
        struct Content: Encodable {
            let rows: [Row]; let filter: String; let mayEnter: Bool; let maySettings: Bool; let figures: QuestionFigures.Summary; let year: Int
        }
        let province = try await QuestionService.province(of: viewer.unit, on: req.db)
        return try await req.render("questions/index", title: "Hỏi đáp", section: "questions",
                                    Content(rows: rows, filter: filter, mayEnter: viewer.mayEnterQuestions,
                                            maySettings: viewer.may(.manage, province), figures: figures, year: req.queryYear))
    }

    struct EntryForm: Content {
        var channel: String?
        var kind: String?
        var receivedOn: String?
        var area: String?
        var unit: String?
        var name: String?
        var contact: String?
        var text: String?
        var consent: String?
        var file: File?
    }

    private func renderNew(_ req: Request, _ form: EntryForm, errors: [String: String] = [:], message: String? = nil,
                           status: HTTPResponseStatus = .ok) async throws -> Response {
        struct Content: Encodable {
            let form: EntryForm; let errors: [String: String]; let message: String?
            let channels: [SelectOption]; let kinds: [SelectOption]; let areas: [SelectOption]
        }
        let channels = QuestionChannel.allCases.filter { $0 != .web }
        return try await req.render("questions/new", title: "Nhập câu hỏi", section: "questions", Content(
            form: EntryForm(channel: form.channel, kind: form.kind, receivedOn: form.receivedOn, area: form.area, unit: form.unit, name: form.name,
                            contact: form.contact, text: form.text, consent: form.consent),
            errors: errors, message: message,
            channels: channels.map { SelectOption(value: $0.rawValue, label: $0.label, selected: $0.rawValue == form.channel) },
            kinds: QuestionKind.allCases.map { SelectOption(value: $0.rawValue, label: $0.label, selected: $0.rawValue == (form.kind ?? "question")) },
            areas: ReformArea.allCases.map { SelectOption(value: $0.rawValue, label: $0.label, selected: $0.rawValue == form.area) }), status: status)
    }

    @Sendable func new(req: Request, viewer: Viewer) async throws -> Response {
        try await renderNew(req, EntryForm(channel: "desk", kind: "question", receivedOn: req.application.clock.today().display, consent: "1"))
    }

    @Sendable func create(req: Request, viewer: Viewer) async throws -> Response {
        let form = try req.content.decode(EntryForm.self)
        var errors: [String: String] = [:]
        let channel = form.channel.flatMap(QuestionChannel.init(rawValue:))
        if channel == nil { errors["channel"] = "Chọn kênh tiếp nhận." }
        let area = form.area.flatMap(ReformArea.init(rawValue:))
        if area == nil { errors["area"] = "Chọn lĩnh vực." }
        var dateErrors = FieldErrors()
        let received = UnitForm.date(form.receivedOn, field: "receivedOn", errors: &dateErrors)
        let today = req.application.clock.today()
        if let message = dateErrors["receivedOn"] { errors["receivedOn"] = message }
        else if received == nil { errors["receivedOn"] = "Nhập ngày tiếp nhận (dd/mm/yyyy)." }
        else if let received, received > today { errors["receivedOn"] = "Ngày tiếp nhận không được sau hôm nay." }
        let upload = ActivityService.Upload(form.file)
        let asked = QuestionService.Asked(name: form.name, contact: form.contact, area: area ?? .other,
                                          kind: form.kind.flatMap(QuestionKind.init(rawValue:)) ?? .question, channel: channel ?? .desk,
                                          unit: form.unit, text: form.text ?? "", consent: form.consent == "1", receivedOn: received, file: upload)
        errors.merge(QuestionService.check(asked)) { a, _ in a }
        guard errors.isEmpty else {
            return try await renderNew(req, form, errors: errors, message: "Chưa lưu được: xem các ô đánh dấu.", status: .unprocessableEntity)
        }
        do {
            let province = try await QuestionService.province(of: viewer.unit, on: req.db)
            let (question, unit) = try await QuestionService.ask(asked, province: province, actor: viewer.actor, storage: req.application.files,
                                                                 maxBytes: req.config.maxUploadBytes, today: today, now: req.now, on: req.db)
            req.flash("Đã nhập câu hỏi \(question.code), chuyển \(unit.name); hạn trả lời \(question.dueOn.display).")
            return req.redirect(to: .question, try question.requireID())
        } catch let error as AppError where (400..<500).contains(error.status.code) {
            return try await renderNew(req, form, errors: error.reason.hasPrefix("Tệp") ? ["file": error.reason] : [:], message: error.reason, status: error.status)
        }
    }

    @Sendable func attachment(req: Request, viewer: Viewer, question: CitizenQuestion) async throws -> Response {
        guard let key = question.attachmentKey, let type = question.attachmentType.flatMap(EvidenceType.init(rawValue:)) else {
            throw AppError.notFound("Câu hỏi không có tệp đính kèm.")
        }
        return .download(try await req.application.files.load(key: key), filename: question.attachmentName ?? "dinh-kem", contentType: type.contentType)
    }
}
