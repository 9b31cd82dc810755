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
        routes.on(.survey, load: Survey.self, need: .read, use: show)
        routes.on(.surveyEdit, load: Survey.self, need: .edit, use: edit)
        routes.on(.surveyUpdate, load: Survey.self, need: .edit, use: update)
        routes.on(.surveyPopulations, load: Survey.self, need: .edit, use: populations)
        routes.on(.surveyInvite, load: Survey.self, need: .edit, use: invite)
        routes.on(.surveyInvitationsCSV, load: Survey.self, need: .edit, use: invitationsCSV)
        routes.on(.surveyPaper, load: Survey.self, need: .edit, use: paper)
        routes.on(.surveyPaperSubmit, load: Survey.self, need: .edit, use: paperSubmit)
        routes.on(.surveyCSV, load: Survey.self, need: .read, use: responsesCSV)
        routes.on(.surveyXLSX, load: Survey.self, need: .read, use: responsesXLSX)
        routes.on(.surveyQR, load: Survey.self, need: .read, use: qr)
        routes.on(.planIndicators, load: Plan.self, need: .read, use: indicators)
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

    @Sendable func index(req: Request, viewer: Viewer) async throws -> Response {
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
                                    Content(rows: rows, mayCreate: viewer.mayStartSurveys))
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
    func ownUnits(_ viewer: Viewer, on db: any Database) async throws -> [Unit] {
        var units = [viewer.unit]
        if viewer.mayStartSurveys {
            units += try await Unit.query(on: db).filter(\.$parent.$id == viewer.unit.requireID()).sort(\.$name).all()
        }
        return units.filter { viewer.may(.edit, $0) }
    }

    /// The plan targets a survey may measure: those of the plans of the unit and of the units above it.
    func targetOptions(for unit: Unit, selected: String?, on db: any Database) async throws -> [SelectOption] {
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

    func formContent(_ req: Request, viewer: Viewer, form: [String: String], errors: [String: String], survey: Survey? = nil,
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

    @Sendable func new(req: Request, viewer: Viewer) async throws -> Response {
        let today = req.application.clock.today()
        let template = (try? req.query.get(String.self, at: "template")).flatMap(SurveyTemplate.init(rawValue:)) ?? .sipas
        var form = ["template": template.rawValue, "title": template.title, "audience": template == .sipas ? "citizens" : "civil_servants",
                    "access": template == .sipas ? "open" : "invitation", "opensOn": today.display,
                    "closesOn": (today.adding(days: 30) ?? today).display, "margin": "5", "unitID": viewer.unit.id?.uuidString ?? ""]
        if let target = try? req.query.get(String.self, at: "target") { form["target"] = target }
        return try await req.render("surveys/new", title: "Đợt khảo sát mới", section: "surveys", try await formContent(req, viewer: viewer, form: form, errors: [:]))
    }

    func formValues(_ f: SettingsForm) -> [String: String] {
        var values: [String: String] = [:]
        let pairs: [(String, String?)] = [("title", f.title), ("template", f.template), ("unitID", f.unitID), ("audience", f.audience), ("access", f.access),
                                          ("opensOn", f.opensOn), ("closesOn", f.closesOn), ("margin", f.margin), ("target", f.target),
                                          ("targetPercent", f.targetPercent), ("questions", f.questions), ("ruleKind", f.ruleKind),
                                          ("minimumCorrect", f.minimumCorrect)]
        for (k, v) in pairs { if let v { values[k] = v } }
        return values
    }

    @Sendable func create(req: Request, viewer: Viewer) async throws -> Response {
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
}

extension String {
    /// At most `count` characters.
    func prefixed(_ count: Int) -> String { String(prefix(count)) }
}
