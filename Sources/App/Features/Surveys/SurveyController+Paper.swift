import Domain
import Fluent
import Vapor

/// Paper answers keyed in by staff.
extension SurveyController {
    // MARK: Paper answers

    struct PaperContent: Encodable {
        let id: UUID
        let title: String
        let form: SurveyFormView
        let units: [SelectOption]
        let message: String?
    }

    private func renderPaper(_ req: Request, _ survey: Survey, answers: SurveyAnswers = [:], checked: Questionnaire.Checked? = nil, unit: UUID? = nil,
                             message: String? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        let units = try await Unit.query(on: req.db).within(.subtree(of: survey.unit)).sort(\.$path).limit(2_000).all()
        let content = PaperContent(
            id: try survey.requireID(), title: survey.title,
            form: SurveyFormView(try survey.questionnaire, answers: checked?.answers ?? answers, problems: checked?.problems ?? [:], missing: checked?.missing ?? []),
            units: units.compactMap { u in u.id.map { SelectOption(value: $0.uuidString, label: u.name, selected: $0 == (unit ?? survey.$unit.id)) } },
            message: message)
        return try await req.render("surveys/paper", title: "Nhập phiếu giấy — \(survey.title)", section: "surveys", content, status: status)
    }

    @Sendable func paper(req: Request, viewer: Viewer, survey: Survey) async throws -> Response {
        return try await renderPaper(req, survey)
    }

    @Sendable func paperSubmit(req: Request, viewer: Viewer, survey: Survey) async throws -> Response {
        let fields = FormFields.parse(req.body.string ?? "")
        guard let unitID = fields["unitID"]?.first.flatMap(UUID.init(uuidString:)), let unit = try await Unit.find(unitID, on: req.db),
              UnitScope.subtree(of: survey.unit).contains(unit) else {
            throw AppError(.unprocessableEntity, "Chọn đơn vị của người trả lời trong phạm vi khảo sát.")
        }
        let questionnaire = try survey.questionnaire
        var raw: SurveyAnswers = [:]
        for q in questionnaire.questions { if let v = fields[q.id] { raw[q.id] = v } }
        let checked = questionnaire.check(raw)
        guard checked.isComplete else {
            return try await renderPaper(req, survey, checked: checked, unit: unitID,
                                         message: "Phiếu chưa lưu: còn câu bắt buộc chưa nhập hoặc nhập sai (đánh dấu bên dưới).", status: .unprocessableEntity)
        }
        let id = UUID()
        _ = try await services.writer.save(.init(surveyID: try survey.requireID(), unitID: unitID, clientKey: "p:" + id.uuidString,
                                                              answers: try PublicSurveyController.json(checked.answers), complete: true, source: .paper,
                                                              enteredBy: viewer.user.username, at: req.now,
                                                              audit: .init(actor: viewer.actor, summary: "Nhập phiếu giấy khảo sát “\(survey.title)” của \(unit.name)")))
        req.flash("Đã lưu phiếu giấy. Nhập phiếu tiếp theo.")
        return req.redirect(to: .surveyPaper, try survey.requireID())
    }
}
