import Domain
import Fluent
import Vapor

/// Surveys for the staff: the list, a new campaign from a template, its settings and questions, the sampling plan
/// and collection per unit, invitations, paper answers, the results with charts and the exports, and the plan's
/// indicators. Every route decides by the survey's unit through the one access rule.
struct SurveyController: RouteCollection {
    let services: SurveyServices

    func boot(routes: any RoutesBuilder) throws {
        routes.on(.surveys, use: index)
        routes.on(.surveyNew, use: new)
        routes.on(.surveyCreate, use: create)
        routes.on(.survey, use: show)
        routes.on(.surveyEdit, use: edit)
        routes.on(.surveyUpdate, use: update)
        routes.on(.surveyPopulations, use: populations)
        routes.on(.surveyInvite, use: invite)
        routes.on(.surveyInvitationsCSV, use: invitationsCSV)
        routes.on(.surveyPaper, use: paper)
        routes.on(.surveyPaperSubmit, use: paperSubmit)
        routes.on(.surveyCSV, use: responsesCSV)
        routes.on(.surveyXLSX, use: responsesXLSX)
        routes.on(.surveyQR, use: qr)
        routes.on(.planIndicators, use: indicators)
    }

    /// The survey in the path, when the viewer may do `access` on its unit's records.
    private func target(_ req: Request, _ access: UnitAccess) async throws -> (Viewer, Survey) {
        let viewer = try req.requireViewer()
        guard let id = req.parameters.get("surveyID", as: UUID.self),
              let survey = try await Survey.query(on: req.db).filter(\.$id == id).with(\.$unit).first() else {
            throw AppError.notFound("Không tìm thấy đợt khảo sát.")
        }
        guard viewer.may(access, survey.unit) else { throw AppError.forbidden }
        return (viewer, survey)
    }

    // MARK: The list and a new survey

    struct ListRow: Encodable {
        let id: UUID
        let title: String
        let unit: String
        let audience: String
        let dates: String
        let status: String
        let responses: Int
    }

    @Sendable func index(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let today = req.application.clock.today()
        let surveys = try await Survey.query(on: req.db).visible(to: viewer).with(\.$unit).sort(\.$opensOn, .descending).limit(500).all()
        let counts = try await SurveyResponse.query(on: req.db).filter(\.$survey.$id ~~ surveys.compactMap { $0.id }).filter(\.$status == .complete)
            .all(\.$survey.$id).reduce(into: [UUID: Int]()) { $0[$1, default: 0] += 1 }
        struct Content: Encodable { let rows: [ListRow]; let mayCreate: Bool }
        let rows = surveys.compactMap { s -> ListRow? in
            guard let id = s.id else { return nil }
            return ListRow(id: id, title: s.title, unit: s.unit.name, audience: s.audience.label, dates: "\(s.opensOn.display) – \(s.closesOn.display)",
                           status: s.statusLabel(today), responses: counts[id] ?? 0)
        }
        return try await req.render("surveys/index", title: "Khảo sát, đo lường chỉ tiêu", section: "surveys",
                                    Content(rows: rows, mayCreate: viewer.role != .leader))
    }

    struct SettingsForm: Content {
        var title: String?
        var template: String?
        var unitID: String?
        var audience: String?
        var access: String?
        var opensOn: String?
        var closesOn: String?
        var margin: String?
        var target: String?
        var targetPercent: String?
        var questions: String?
        var ruleKind: String?
        var minimumCorrect: String?
    }

    struct FormContent: Encodable {
        let form: [String: String]
        let errors: [String: String]
        let templates: [SelectOption]
        let units: [SelectOption]
        let audiences: [SelectOption]
        let accesses: [SelectOption]
        let targets: [SelectOption]
        let ruleKinds: [SelectOption]
        let surveyID: UUID?
        let locked: Bool
        let message: String?
    }

    /// The units a viewer may start a survey for: its own and, for plan owners, those right below.
    private func ownUnits(_ viewer: Viewer, on db: any Database) async throws -> [Unit] {
        var units = [viewer.unit]
        if viewer.role == .planOwner || viewer.isAdmin {
            units += try await Unit.query(on: db).filter(\.$parent.$id == viewer.unit.requireID()).sort(\.$name).all()
        }
        return units.filter { viewer.may(.edit, $0) }
    }

    /// The plan targets a survey may measure: those of the plans of the unit and of the units above it.
    private func targetOptions(for unit: Unit, selected: String?, on db: any Database) async throws -> [SelectOption] {
        let plans = try await Plan.query(on: db).filter(\.$unit.$id ~~ unit.ancestorIDs).sort(\.$year, .descending).limit(50).all()
        var options = [SelectOption(value: "", label: "— Không gắn với chỉ tiêu của kế hoạch —", selected: (selected ?? "").isEmpty)]
        for plan in plans {
            for (i, t) in plan.sections.targets.enumerated() {
                let value = "\(try plan.requireID().uuidString):\(i)"
                let name = plan.number.map { "KH \($0)" } ?? plan.title
                options.append(SelectOption(value: value, label: "\(name) — \(Int(t.percent))%: \(t.text)".prefixed(180), selected: value == selected))
            }
        }
        return options
    }

    private func formContent(_ req: Request, viewer: Viewer, form: [String: String], errors: [String: String], survey: Survey? = nil,
                             locked: Bool = false, message: String? = nil) async throws -> FormContent {
        let units = try await ownUnits(viewer, on: req.db)
        let chosenUnit = survey?.unit ?? units.first { $0.id?.uuidString == form["unitID"] } ?? viewer.unit
        func options<T: RawRepresentable>(_ all: [T], _ label: (T) -> String, _ selected: String?) -> [SelectOption] where T.RawValue == String {
            all.map { SelectOption(value: $0.rawValue, label: label($0), selected: $0.rawValue == selected) }
        }
        return FormContent(
            form: form, errors: errors,
            templates: options(SurveyTemplate.allCases, { $0.title }, form["template"]),
            units: units.compactMap { u in u.id.map { SelectOption(value: $0.uuidString, label: u.name, selected: $0.uuidString == form["unitID"]) } },
            audiences: options(Survey.Audience.allCases, { $0.label }, form["audience"]),
            accesses: options(Survey.Access.allCases, { $0.label }, form["access"]),
            targets: try await targetOptions(for: chosenUnit, selected: form["target"], on: req.db),
            ruleKinds: options(IndicatorRule.Kind.allCases, { $0.label }, form["ruleKind"]),
            surveyID: survey?.id, locked: locked, message: message)
    }

    @Sendable func new(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let today = req.application.clock.today()
        let template = (try? req.query.get(String.self, at: "template")).flatMap(SurveyTemplate.init(rawValue:)) ?? .sipas
        var form = ["template": template.rawValue, "title": template.title, "audience": template == .sipas ? "citizens" : "civil_servants",
                    "access": template == .sipas ? "open" : "invitation", "opensOn": today.display,
                    "closesOn": (today.adding(days: 30) ?? today).display, "margin": "5", "unitID": viewer.unit.id?.uuidString ?? ""]
        if let target = try? req.query.get(String.self, at: "target") { form["target"] = target }
        return try await req.render("surveys/new", title: "Đợt khảo sát mới", section: "surveys", try await formContent(req, viewer: viewer, form: form, errors: [:]))
    }

    private func formValues(_ f: SettingsForm) -> [String: String] {
        var values: [String: String] = [:]
        let pairs: [(String, String?)] = [("title", f.title), ("template", f.template), ("unitID", f.unitID), ("audience", f.audience), ("access", f.access),
                                          ("opensOn", f.opensOn), ("closesOn", f.closesOn), ("margin", f.margin), ("target", f.target),
                                          ("targetPercent", f.targetPercent), ("questions", f.questions), ("ruleKind", f.ruleKind),
                                          ("minimumCorrect", f.minimumCorrect)]
        for (k, v) in pairs { if let v { values[k] = v } }
        return values
    }

    @Sendable func create(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let f = try req.content.decode(SettingsForm.self)
        guard let unitID = f.unitID.flatMap(UUID.init(uuidString:)), let unit = try await Unit.find(unitID, on: req.db) else {
            throw AppError.badRequest("Chọn đơn vị tổ chức khảo sát.")
        }
        guard viewer.may(.edit, unit) else { throw AppError.forbidden }
        var errors: [String: String] = [:]
        let template = f.template.flatMap(SurveyTemplate.init(rawValue:)) ?? .blank
        var settings = SurveyService.settings(title: f.title, audience: f.audience, access: f.access, opensOn: f.opensOn, closesOn: f.closesOn,
                                              margin: f.margin, target: f.target, targetPercent: f.targetPercent, errors: &errors)
        if settings != nil, let problem = try await SurveyService.resolveTarget(&settings!, viewer: viewer, on: req.db) { errors["target"] = problem }
        guard errors.isEmpty, let settings else {
            return try await req.render("surveys/new", title: "Đợt khảo sát mới", section: "surveys",
                                        try await formContent(req, viewer: viewer, form: formValues(f), errors: errors), status: .unprocessableEntity)
        }
        let survey = try await SurveyService.create(settings, template: template, unit: unit, viewer: viewer, now: req.now, on: req.db)
        req.flash("Đã tạo đợt khảo sát. Xem lại câu hỏi, nhập quy mô đối tượng để tính cỡ mẫu, rồi gửi đường dẫn hoặc mã mời.")
        return req.redirect(to: .survey, try survey.requireID())
    }

    // MARK: One survey

    struct ShowContent: Encodable {
        struct StratumRow: Encodable {
            let unitID: UUID
            let name: String
            let population: Int
            let planned: Int
            let complete: Int
            let partial: Int
            let progress: String
            let value: String
            let interval: String
            let verdict: String
        }
        struct Row: Encodable { let label: String; let count: Int; let share: String }
        struct QuestionBlock: Encodable {
            let number: Int
            let text: String
            let kind: String
            let answered: Int
            let rows: [Row]
            let chart: BarChart?
            let numbers: String?
            let texts: [String]
            let favourable: String?
        }
        struct AspectRow: Encodable { let aspect: String; let value: String; let interval: String; let answers: Int }

        let id: UUID
        let title: String
        let unitName: String
        let audience: String
        let access: String
        let dates: String
        let status: String
        let link: String
        let hasQR: Bool
        let target: String?
        let targetPercent: String?
        let rule: String
        let value: String
        let interval: String
        let sample: String
        let verdict: String
        let verdictKey: String
        let complete: Int
        let partial: Int
        let paper: Int
        let populationTotal: Int
        let sampleNeeded: Int
        let margin: String
        let strata: [StratumRow]
        let childUnits: [SelectOption]
        let populationInputs: [PopulationInput]
        let questions: [QuestionBlock]
        let aspects: [AspectRow]
        let aspectChart: BarChart?
        let invitations: Int
        let mayEdit: Bool
        let isInvitation: Bool
    }

    struct PopulationInput: Encodable { let unitID: UUID; let name: String; let value: String }

    static func verdictText(_ survey: Survey, _ estimate: Estimate) -> (String, String) {
        guard let target = survey.targetPercent else { return (estimate.n > 0 ? "Không đặt chỉ tiêu" : "Chưa có số liệu", "none") }
        let verdict = estimate.verdict(target: target)
        return (verdict.label, verdict.rawValue)
    }

    @Sendable func show(req: Request) async throws -> Response {
        let (viewer, survey) = try await target(req, .read)
        let surveyID = try survey.requireID()
        let analysis = try await SurveyAnalysis.load(survey, on: req.db)
        let (verdict, verdictKey) = Self.verdictText(survey, analysis.overall)
        var targetText: String?
        if let planID = survey.$plan.id, let index = survey.targetIndex, let plan = try await Plan.find(planID, on: req.db),
           plan.sections.targets.indices.contains(index) {
            targetText = plan.sections.targets[index].text + (plan.number.map { " (Kế hoạch số \($0))" } ?? "")
        }
        let children = try await Unit.query(on: req.db).filter(\.$parent.$id == survey.$unit.id)
            .filter(\.$validTo == nil).sort(\.$name).all()
        let populations = Dictionary(analysis.strata.map { ($0.unitID, $0.population) }, uniquingKeysWith: { a, _ in a })
        let inputs = (children.isEmpty ? [survey.unit] : children).compactMap { u in
            u.id.map { PopulationInput(unitID: $0, name: u.name, value: populations[$0].map(String.init) ?? "") }
        }
        let questionnaire = survey.questionnaire
        let blocks = analysis.questions.enumerated().map { i, s -> ShowContent.QuestionBlock in
            let rows = s.rows.map { ShowContent.Row(label: $0.label, count: $0.count, share: Estimate.percent($0.share)) }
            let chart = s.rows.isEmpty || s.answered == 0 ? nil
                : BarChart(s.rows.map { ($0.label, $0.share * 100, "\($0.count) (\(Estimate.percent($0.share)))") }, maximum: 100)
            return .init(number: i + 1, text: s.question.text, kind: s.question.kind.label, answered: s.answered, rows: rows, chart: chart,
                         numbers: s.numbers.map { "Nhỏ nhất \(Self.number($0.min)); trung bình \(Self.number($0.mean)); trung vị \(Self.number($0.median)); lớn nhất \(Self.number($0.max))" },
                         texts: s.texts, favourable: s.favourable.map { "Tỷ lệ đồng ý/hài lòng (mức 4–5): " + Estimate.percent($0) })
        }
        let aspects = analysis.aspects.map { ShowContent.AspectRow(aspect: $0.aspect, value: $0.estimate.valueText, interval: $0.estimate.intervalText, answers: Int($0.estimate.n)) }
        let aspectChart = analysis.aspects.isEmpty || analysis.complete == 0 ? nil
            : BarChart(analysis.aspects.map { ($0.aspect, $0.estimate.value * 100, $0.estimate.valueText) }, maximum: 100)
        let invitations = try await SurveyInvitation.query(on: req.db).filter(\.$survey.$id == surveyID).count()
        let content = ShowContent(
            id: surveyID, title: survey.title, unitName: survey.unit.name, audience: survey.audience.label, access: survey.access.label,
            dates: "\(survey.opensOn.display) – \(survey.closesOn.display)", status: survey.statusLabel(req.application.clock.today()),
            link: Self.publicLink(req, survey), hasQR: true, target: targetText, targetPercent: survey.targetPercent.map { Self.number($0) + "%" },
            rule: survey.rule.describe(questionnaire), value: analysis.overall.valueText, interval: analysis.overall.intervalText,
            sample: analysis.overall.n > 0 ? Self.number(analysis.overall.n.rounded()) : "0", verdict: verdict, verdictKey: verdictKey,
            complete: analysis.complete, partial: analysis.partial, paper: analysis.paper, populationTotal: analysis.populationTotal,
            sampleNeeded: analysis.sampleNeeded, margin: Self.number(survey.margin * 100) + "%",
            strata: analysis.strata.map { s in
                let (v, _) = Self.verdictText(survey, s.estimate)
                return .init(unitID: s.unitID, name: s.name, population: s.population, planned: s.planned, complete: s.complete, partial: s.partial,
                             progress: s.planned > 0 ? Estimate.percent(Double(s.complete) / Double(s.planned)) : "—",
                             value: s.estimate.valueText, interval: s.estimate.intervalText, verdict: v)
            },
            childUnits: children.compactMap { u in u.id.map { SelectOption(value: $0.uuidString, label: u.name, selected: false) } }
                + (children.isEmpty ? [SelectOption(value: survey.$unit.id.uuidString, label: survey.unit.name, selected: true)] : []),
            populationInputs: inputs, questions: blocks, aspects: aspects, aspectChart: aspectChart, invitations: invitations,
            mayEdit: viewer.may(.edit, survey.unit), isInvitation: survey.access == .invitation)
        return try await req.render("surveys/show", title: survey.title, section: "surveys", content)
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int64(value)) : String(format: "%.1f", value).replacingOccurrences(of: ".", with: ",")
    }

    /// The survey's address for invitations and QR codes: from the configured `PUBLIC_URL`, never from the request's
    /// Host header (which whoever sends the request chooses).
    static func publicLink(_ req: Request, _ survey: Survey) -> String {
        req.config.publicBaseURL + SiteRoute.surveyPublic.path(survey.publicCode)
    }

    @Sendable func edit(req: Request) async throws -> Response {
        let (viewer, survey) = try await target(req, .edit)
        let locked = try await SurveyResponse.query(on: req.db).filter(\.$survey.$id == survey.requireID()).count() > 0
        let rule = survey.rule
        let form = ["title": survey.title, "audience": survey.audience.rawValue, "access": survey.access.rawValue, "opensOn": survey.opensOn.display,
                    "closesOn": survey.closesOn.display, "margin": Self.number(survey.margin * 100),
                    "target": survey.$plan.id.map { "\($0.uuidString):\(survey.targetIndex ?? 0)" } ?? "",
                    "targetPercent": survey.targetPercent.map { Self.number($0) } ?? "", "questions": QuestionnaireText.format(survey.questionnaire),
                    "ruleKind": rule.kind.rawValue, "minimumCorrect": "\(rule.minimumCorrect)"]
        return try await req.render("surveys/edit", title: "Sửa đợt khảo sát", section: "surveys",
                                    try await formContent(req, viewer: viewer, form: form, errors: [:], survey: survey, locked: locked))
    }

    @Sendable func update(req: Request) async throws -> Response {
        let (viewer, survey) = try await target(req, .edit)
        let f = try req.content.decode(SettingsForm.self)
        var errors: [String: String] = [:]
        var settings = SurveyService.settings(title: f.title, audience: f.audience, access: f.access, opensOn: f.opensOn, closesOn: f.closesOn,
                                              margin: f.margin, target: f.target, targetPercent: f.targetPercent, errors: &errors)
        if settings != nil, let problem = try await SurveyService.resolveTarget(&settings!, viewer: viewer, on: req.db) { errors["target"] = problem }
        var questionnaire: Questionnaire?
        if let text = f.questions, !text.isEmpty, text != QuestionnaireText.format(survey.questionnaire) {
            switch QuestionnaireText.parse(text) {
            case .success(let q): questionnaire = q
            case .failure(let failure): errors["questions"] = failure.description
            }
        }
        let kind = f.ruleKind.flatMap(IndicatorRule.Kind.init(rawValue:)) ?? .favourable
        let minimum = Int(f.minimumCorrect ?? "") ?? 1
        let rule = IndicatorRule(kind: kind, minimumCorrect: minimum, questions: [])
        let checkedQuestions = questionnaire ?? survey.questionnaire
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

    @Sendable func populations(req: Request) async throws -> Response {
        let (viewer, survey) = try await target(req, .edit)
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

    @Sendable func invite(req: Request) async throws -> Response {
        let (viewer, survey) = try await target(req, .edit)
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

    @Sendable func invitationsCSV(req: Request) async throws -> Response {
        let (_, survey) = try await target(req, .edit)
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
            form: SurveyFormView(survey.questionnaire, answers: checked?.answers ?? answers, problems: checked?.problems ?? [:], missing: checked?.missing ?? []),
            units: units.compactMap { u in u.id.map { SelectOption(value: $0.uuidString, label: u.name, selected: $0 == (unit ?? survey.$unit.id)) } },
            message: message)
        return try await req.render("surveys/paper", title: "Nhập phiếu giấy — \(survey.title)", section: "surveys", content, status: status)
    }

    @Sendable func paper(req: Request) async throws -> Response {
        let (_, survey) = try await target(req, .edit)
        return try await renderPaper(req, survey)
    }

    @Sendable func paperSubmit(req: Request) async throws -> Response {
        let (viewer, survey) = try await target(req, .edit)
        let fields = FormFields.parse(req.body.string ?? "")
        guard let unitID = fields["unitID"]?.first.flatMap(UUID.init(uuidString:)), let unit = try await Unit.find(unitID, on: req.db),
              UnitScope.subtree(of: survey.unit).contains(unit) else {
            throw AppError(.unprocessableEntity, "Chọn đơn vị của người trả lời trong phạm vi khảo sát.")
        }
        let questionnaire = survey.questionnaire
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
                                                              enteredBy: viewer.user.username, at: req.now))
        try await req.db.write { db in
            try await AuditService.record(on: db, actor: viewer.actor, action: .create, entityType: "survey_response", entityID: id, unitID: unitID,
                                          summary: "Nhập phiếu giấy khảo sát “\(survey.title)” của \(unit.name)", at: req.now)
        }
        req.flash("Đã lưu phiếu giấy. Nhập phiếu tiếp theo.")
        return req.redirect(to: .surveyPaper, try survey.requireID())
    }

    // MARK: Exports

    /// One row per response: when, how, unit, status, then each question's answer as a respondent would read it.
    private func exportRows(_ req: Request, _ survey: Survey) async throws -> (header: [String], rows: [[String]]) {
        let questionnaire = survey.questionnaire
        let responses = try await SurveyResponse.query(on: req.db).filter(\.$survey.$id == survey.requireID()).with(\.$unit).sort(\.$createdAt).all()
        let header = ["STT", "Thời điểm", "Hình thức", "Đơn vị", "Tình trạng", "Đạt điều kiện chỉ số"]
            + questionnaire.questions.enumerated().map { "Câu \($0.offset + 1). \($0.element.text)".prefixed(120) }
        let rule = survey.rule
        let rows = responses.enumerated().map { i, r -> [String] in
            let answers = r.answers
            let meets = r.status == .complete ? rule.meets(answers, in: questionnaire).map { $0 ? "Có" : "Không" } ?? "" : ""
            return ["\(i + 1)", AppClock.display(r.completedAt ?? r.updatedAt), r.source.label, r.unit?.name ?? "",
                    r.status == .complete ? "Hoàn thành" : "Chưa hoàn thành", meets]
                + questionnaire.questions.map { q in
                    let values = answers[q.id] ?? []
                    switch q.kind {
                    case .single, .multiple:
                        return values.compactMap { Int($0).flatMap { q.options.indices.contains($0) ? q.options[$0] : nil } }.joined(separator: "; ")
                    case .likert, .number, .text:
                        return values.joined(separator: "; ")
                    }
                }
        }
        return (header, rows)
    }

    @Sendable func responsesCSV(req: Request) async throws -> Response {
        let (_, survey) = try await target(req, .read)
        let (header, rows) = try await exportRows(req, survey)
        return .download(Data(CSVWriter.text(header: header, rows: rows).utf8), filename: "phieu-" + VietnameseText.slug(survey.title).prefixed(60) + ".csv",
                         contentType: "text/csv; charset=utf-8")
    }

    @Sendable func responsesXLSX(req: Request) async throws -> Response {
        let (_, survey) = try await target(req, .read)
        let (header, rows) = try await exportRows(req, survey)
        let analysis = try await SurveyAnalysis.load(survey, on: req.db)
        let summary = analysis.strata.map { s in
            [s.name, "\(s.population)", "\(s.planned)", "\(s.complete)", s.estimate.valueText, s.estimate.intervalText, Self.verdictText(survey, s.estimate).0]
        } + [["Toàn bộ", "\(analysis.populationTotal)", "\(analysis.sampleNeeded)", "\(analysis.complete)", analysis.overall.valueText,
              analysis.overall.intervalText, Self.verdictText(survey, analysis.overall).0]]
        let data = try XlsxWriter.data(sheets: [
            .init(name: "Phiếu trả lời", header: header, rows: rows, widths: [6, 18, 12, 30, 16, 12] + Array(repeating: 30, count: max(0, header.count - 6))),
            .init(name: "Chỉ số theo đơn vị", header: ["Đơn vị", "Quy mô", "Cỡ mẫu cần", "Phiếu hoàn thành", "Giá trị", "Khoảng tin cậy 95%", "Đánh giá"],
                  rows: summary, widths: [36, 12, 12, 14, 12, 22, 20]),
        ])
        return .download(data, filename: "phieu-" + VietnameseText.slug(survey.title).prefixed(60) + ".xlsx",
                         contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    }

    @Sendable func qr(req: Request) async throws -> Response {
        let (_, survey) = try await target(req, .read)
        guard let svg = QRCode.svg(for: Self.publicLink(req, survey)) else {
            throw AppError(.notFound, "Máy chủ chưa cài công cụ tạo mã QR (qrencode).")
        }
        let response = Response(status: .ok, body: .init(string: svg))
        response.headers.replaceOrAdd(name: .contentType, value: "image/svg+xml")
        return response
    }

    // MARK: The plan's indicators

    @Sendable func indicators(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        guard let planID = req.parameters.get("planID", as: UUID.self), let plan = try await Plan.query(on: req.db).filter(\.$id == planID).with(\.$unit).first() else {
            throw AppError.notFound("Không tìm thấy kế hoạch.")
        }
        guard viewer.mayRead(planOf: plan.unit) else { throw AppError.forbidden }
        let rows = try await PlanIndicators.load(plan, viewer: viewer, on: req.db)
        struct Content: Encodable { let planID: UUID; let title: String; let rows: [PlanIndicators.Row] }
        return try await req.render("surveys/indicators", title: "Chỉ tiêu của kế hoạch", section: "plans",
                                    Content(planID: planID, title: plan.title, rows: rows))
    }
}

extension String {
    /// At most `count` characters.
    func prefixed(_ count: Int) -> String { String(prefix(count)) }
}
