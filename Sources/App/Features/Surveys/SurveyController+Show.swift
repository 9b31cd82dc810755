import Domain
import Fluent
import Vapor

/// One survey: its page with the sampling plan, collection per unit, results and indicators.
extension SurveyController {
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

    @Sendable func show(req: Request, viewer: Viewer, survey: Survey) async throws -> Response {
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
        let questionnaire = try survey.questionnaire
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
            rule: try survey.rule.describe(questionnaire), value: analysis.overall.valueText, interval: analysis.overall.intervalText,
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
}
