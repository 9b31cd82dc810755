import Domain
import Fluent
import Vapor

/// The answers as CSV and Excel, the QR code of the public link, and the plan's indicators.
extension SurveyController {
    // MARK: Exports

    /// One row per response: when, how, unit, status, then each question's answer as a respondent would read it.
    private func exportRows(_ req: Request, _ survey: Survey) async throws -> (header: [String], rows: [[String]]) {
        let questionnaire = try survey.questionnaire
        let responses = try await SurveyResponse.query(on: req.db).filter(\.$survey.$id == survey.requireID()).with(\.$unit).sort(\.$createdAt).all()
        let header = ["STT", "Thời điểm", "Hình thức", "Đơn vị", "Tình trạng", "Đạt điều kiện chỉ số"]
            + questionnaire.questions.enumerated().map { "Câu \($0.offset + 1). \($0.element.text)".prefixed(120) }
        let rule = try survey.rule
        let rows = try responses.enumerated().map { i, r throws -> [String] in
            let answers = try r.answers
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

    @Sendable func responsesCSV(req: Request, viewer: Viewer, survey: Survey) async throws -> Response {
        let (header, rows) = try await exportRows(req, survey)
        return .download(Data(CSVWriter.text(header: header, rows: rows).utf8), filename: "phieu-" + VietnameseText.slug(survey.title).prefixed(60) + ".csv",
                         contentType: "text/csv; charset=utf-8")
    }

    @Sendable func responsesXLSX(req: Request, viewer: Viewer, survey: Survey) async throws -> Response {
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

    @Sendable func qr(req: Request, viewer: Viewer, survey: Survey) async throws -> Response {
        guard let svg = QRCode.svg(for: Self.publicLink(req, survey)) else {
            throw AppError(.notFound, "Máy chủ chưa cài công cụ tạo mã QR (qrencode).")
        }
        let response = Response(status: .ok, body: .init(string: svg))
        response.headers.replaceOrAdd(name: .contentType, value: "image/svg+xml")
        return response
    }

    // MARK: The plan's indicators

    @Sendable func indicators(req: Request, viewer: Viewer, plan: Plan) async throws -> Response {
        let planID = try plan.requireID()
        let rows = try await PlanIndicators.load(plan, viewer: viewer, on: req.db)
        struct Content: Encodable { let planID: UUID; let title: String; let rows: [PlanIndicators.Row] }
        return try await req.render("surveys/indicators", title: "Chỉ tiêu của kế hoạch", section: "plans",
                                    Content(planID: planID, title: plan.title, rows: rows))
    }
}
