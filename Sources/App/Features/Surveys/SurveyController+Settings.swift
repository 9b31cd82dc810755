import Domain
import Fluent
import Vapor

/// A survey's settings and questions, its population per unit, and its invitations.
extension SurveyController {
    @Sendable func edit(req: Request, viewer: Viewer, survey: Survey) async throws -> Response {
        let locked = try await SurveyResponse.query(on: req.db).filter(\.$survey.$id == survey.requireID()).count() > 0
        let rule = try survey.rule
        let form = ["title": survey.title, "audience": survey.audience.rawValue, "access": survey.access.rawValue, "opensOn": survey.opensOn.display,
                    "closesOn": survey.closesOn.display, "margin": Self.number(survey.margin * 100),
                    "target": survey.$plan.id.map { "\($0.uuidString):\(survey.targetIndex ?? 0)" } ?? "",
                    "targetPercent": survey.targetPercent.map { Self.number($0) } ?? "", "questions": QuestionnaireText.format(try survey.questionnaire),
                    "ruleKind": rule.kind.rawValue, "minimumCorrect": "\(rule.minimumCorrect)"]
        return try await req.render("surveys/edit", title: "Sửa đợt khảo sát", section: "surveys",
                                    try await formContent(req, viewer: viewer, form: form, errors: [:], survey: survey, locked: locked))
    }

    @Sendable func update(req: Request, viewer: Viewer, survey: Survey) async throws -> Response {
        let f = try req.content.decode(SettingsForm.self)
        var errors: [String: String] = [:]
        var settings = SurveyService.settings(title: f.title, audience: f.audience, access: f.access, opensOn: f.opensOn, closesOn: f.closesOn,
                                              margin: f.margin, target: f.target, targetPercent: f.targetPercent, errors: &errors)
        if settings != nil, let problem = try await SurveyService.resolveTarget(&settings!, viewer: viewer, on: req.db) { errors["target"] = problem }
        var questionnaire: Questionnaire?
        if let text = f.questions, !text.isEmpty, try text != QuestionnaireText.format(survey.questionnaire) {
            switch QuestionnaireText.parse(text) {
            case .success(let q): questionnaire = q
            case .failure(let failure): errors["questions"] = failure.description
            }
        }
        let kind = f.ruleKind.flatMap(IndicatorRule.Kind.init(rawValue:)) ?? .favourable
        let minimum = Int(f.minimumCorrect ?? "") ?? 1
        let rule = IndicatorRule(kind: kind, minimumCorrect: minimum, questions: [])
        let checkedQuestions = try questionnaire ?? survey.questionnaire
        if kind == .knowledge && checkedQuestions.knowledgeQuestions.isEmpty { errors["ruleKind"] = "Phiếu chưa có câu hỏi kiến thức (câu có đáp án đúng)." }
        if kind == .favourable && checkedQuestions.likertQuestions.isEmpty { errors["ruleKind"] = "Phiếu chưa có câu hỏi thang điểm 1–5." }
        var message: String?
        if errors.isEmpty, let settings {
            do {
                try await SurveyService.update(survey, settings: settings, questionnaire: questionnaire, rule: rule, viewer: viewer, now: req.now, on: req.db)
                services.cache.forget(survey.publicCode)
                req.flash("Đã lưu đợt khảo sát.")
                return req.redirect(to: .survey, try survey.requireID())
            } catch let error as AppError where error.status == .conflict {
                message = error.reason
            }
        }
        let locked = try await SurveyResponse.query(on: req.db).filter(\.$survey.$id == survey.requireID()).count() > 0
        return try await req.render("surveys/edit", title: "Sửa đợt khảo sát", section: "surveys",
                                    try await formContent(req, viewer: viewer, form: formValues(f), errors: errors, survey: survey, locked: locked, message: message),
                                    status: message != nil ? .conflict : .unprocessableEntity)
    }

    @Sendable func populations(req: Request, viewer: Viewer, survey: Survey) async throws -> Response {
        let fields = FormFields.parse(req.body.string ?? "")
        let allowed = Set(try await Unit.query(on: req.db).filter(\.$parent.$id == survey.$unit.id).all().compactMap(\.id) + [survey.$unit.id])
        var values: [UUID: Int] = [:]
        for (name, given) in fields where name.hasPrefix("pop_") {
            guard let id = UUID(uuidString: String(name.dropFirst(4))), allowed.contains(id) else { continue }
            let text = (given.first ?? "").replacingOccurrences(of: ".", with: "").replacingOccurrences(of: " ", with: "")
            if text.isEmpty { continue }
            guard let n = Int(text), (0...100_000_000).contains(n) else {
                throw AppError(.unprocessableEntity, "Số người của mỗi đơn vị là số nguyên không âm (ví dụ 1250).")
            }
            values[id] = n
        }
        try await SurveyService.savePopulations(survey, values, viewer: viewer, now: req.now, on: req.db)
        services.cache.forget(survey.publicCode)
        req.flash("Đã lưu quy mô đối tượng và tính lại cỡ mẫu.")
        return req.redirect(to: .survey, try survey.requireID())
    }

    struct InviteForm: Content {
        var unitID: String?
        var count: String?
    }

    @Sendable func invite(req: Request, viewer: Viewer, survey: Survey) async throws -> Response {
        let f = try req.content.decode(InviteForm.self)
        guard let unitID = f.unitID.flatMap(UUID.init(uuidString:)), let unit = try await Unit.find(unitID, on: req.db),
              UnitScope.subtree(of: survey.unit).contains(unit) else {
            throw AppError(.unprocessableEntity, "Chọn một đơn vị thuộc phạm vi khảo sát.")
        }
        guard let count = f.count.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }), (1...SurveyService.maxInvitationsPerRequest).contains(count) else {
            throw AppError(.unprocessableEntity, "Số mã mời mỗi lần từ 1 đến \(SurveyService.maxInvitationsPerRequest).")
        }
        try await SurveyService.invite(survey, unit: unit, count: count, viewer: viewer, now: req.now, on: req.db)
        req.flash("Đã tạo \(count) mã mời cho \(unit.name). Tải danh sách mã mời để in và phát.")
        return req.redirect(to: .survey, try survey.requireID())
    }

    @Sendable func invitationsCSV(req: Request, viewer: Viewer, survey: Survey) async throws -> Response {
        let invitations = try await SurveyInvitation.query(on: req.db).filter(\.$survey.$id == survey.requireID()).with(\.$unit).sort(\.$createdAt).all()
        let used = Set(try await SurveyResponse.query(on: req.db).filter(\.$survey.$id == survey.requireID()).filter(\.$status == .complete)
            .filter(\.$clientKey, .custom("LIKE"), "t:%").all(\.$clientKey))
        let link = Self.publicLink(req, survey)
        let rows = invitations.map { i -> [String] in
            let key = i.id.map(SurveyInvitation.responseKey) ?? ""
            return [i.unit.name, i.token, link + "?t=" + i.token, used.contains(key) ? "Đã trả lời" : "Chưa trả lời"]
        }
        let text = CSVWriter.text(header: ["Đơn vị", "Mã mời", "Đường dẫn", "Tình trạng"], rows: rows)
        return .download(Data(text.utf8), filename: "ma-moi-" + VietnameseText.slug(survey.title).prefixed(60) + ".csv", contentType: "text/csv; charset=utf-8")
    }
}
