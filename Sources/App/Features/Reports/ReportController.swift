import Domain
import Fluent
import Vapor

/// Periodic reports: the list of a period's reports, a unit's report with its figures and narrative, the workflow
/// (submit, return, accept, reopen, remind) and the documents (.docx in the official format, .xlsx of the figures).
struct ReportController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.reports, use: index)
        routes.on(.report, load: ReportSlot.self, need: .read, use: show)
        routes.on(.reportSave, load: ReportSlot.self, need: .edit, use: save)
        routes.on(.reportSubmit, load: ReportSlot.self, need: .read, use: submit)
        routes.on(.reportReview, load: ReportSlot.self, need: .review, use: review)
        routes.on(.reportRemind, load: ReportSlot.self, need: .read, use: remind)
        routes.on(.reportDOCX, load: ReportSlot.self, need: .read, use: docx)
        routes.on(.reportXLSX, load: ReportSlot.self, need: .read, use: xlsx)
    }

    private func render(_ req: Request, _ viewer: Viewer, _ unit: Unit, _ year: Int, _ period: ReportPeriod, message: String? = nil,
                        typed: ReportService.Narrative? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        let page = try await ReportPage.load(viewer: viewer, unit: unit, year: year, period: period, today: req.application.clock.today(), now: req.application.clock.now(),
                                             message: message, typed: typed, on: req.db)
        return try await req.render("reports/report", title: "\(page.title) — \(unit.name)", section: "reports", page, status: status)
    }

    @Sendable func index(req: Request, viewer: Viewer) async throws -> Response {
        let today = req.application.clock.today()
        let year = req.queryYear
        let period = (try? req.query.get(String.self, at: "period")).flatMap(ReportPeriod.init(rawValue:)) ?? ReportIndexPage.currentPeriod(today: today)
        let page = try await ReportIndexPage.load(viewer: viewer, year: year, period: period, today: today, on: req.db)
        return try await req.render("reports/index", title: "Báo cáo định kỳ", section: "reports", page)
    }

    @Sendable func show(req: Request, viewer: Viewer, slot: ReportSlot) async throws -> Response {
        let (unit, year, period) = (slot.unit, slot.year, slot.period)
        return try await render(req, viewer, unit, year, period)
    }

    @Sendable func save(req: Request, viewer: Viewer, slot: ReportSlot) async throws -> Response {
        let (unit, year, period) = (slot.unit, slot.year, slot.period)
        let form = try req.content.decode(ReportService.Narrative.self)
        do {
            try await ReportService.saveNarrative(form, viewer: viewer, unit: unit, year: year, period: period, now: req.application.clock.now(), on: req.db)
        } catch let error as AppError where error.status != .forbidden {
            return try await render(req, viewer, unit, year, period, message: error.reason, typed: form, status: error.status)
        }
        req.flash("Đã lưu báo cáo.")
        return req.redirect(to: .report, try unit.requireID(), year, period.rawValue)
    }

    @Sendable func submit(req: Request, viewer: Viewer, slot: ReportSlot) async throws -> Response {
        let (unit, year, period) = (slot.unit, slot.year, slot.period)
        do {
            try await ReportService.submit(viewer: viewer, unit: unit, year: year, period: period, now: req.application.clock.now(),
                                           today: req.application.clock.today(), on: req.db)
        } catch let error as AppError where error.status != .forbidden {
            return try await render(req, viewer, unit, year, period, message: error.reason, status: error.status)
        }
        req.flash("Đã nộp báo cáo. Số liệu được giữ nguyên như lúc nộp.")
        return req.redirect(to: .report, try unit.requireID(), year, period.rawValue)
    }

    struct ReviewForm: Content {
        var decision: String?
        var note: String?
    }

    @Sendable func review(req: Request, viewer: Viewer, slot: ReportSlot) async throws -> Response {
        let (unit, year, period) = (slot.unit, slot.year, slot.period)
        let form = try req.content.decode(ReviewForm.self)
        let decision: ReportService.Decision
        switch form.decision {
        case "return": decision = .sendBack
        case "accept": decision = .accept
        case "reopen": decision = .reopen
        default: throw AppError.badRequest("Chọn trả lại, duyệt hoặc mở lại.")
        }
        do {
            try await ReportService.review(decision, note: form.note, viewer: viewer, unit: unit, year: year, period: period,
                                           now: req.application.clock.now(), on: req.db)
        } catch let error as AppError where error.status != .forbidden && error.status != .notFound {
            return try await render(req, viewer, unit, year, period, message: error.reason, status: error.status)
        }
        req.flash(decision == .accept ? "Đã duyệt báo cáo." : decision == .sendBack ? "Đã trả lại báo cáo cho đơn vị." : "Đã mở lại báo cáo.")
        return req.redirect(to: .report, try unit.requireID(), year, period.rawValue)
    }

    @Sendable func remind(req: Request, viewer: Viewer, slot: ReportSlot) async throws -> Response {
        let (unit, year, period) = (slot.unit, slot.year, slot.period)
        let count = try await ReportService.remindMissing(viewer: viewer, unit: unit, year: year, period: period, now: req.application.clock.now(), on: req.db)
        req.flash(count == 0 ? "Mọi đơn vị trực thuộc đã nộp báo cáo." : "Đã nhắc \(count) đơn vị chưa nộp báo cáo.")
        return req.redirect(to: .report, try unit.requireID(), year, period.rawValue)
    }

    /// The report as the documents a unit sends: the figures shown are the submitted ones once it is submitted.
    private func document(_ req: Request, _ viewer: Viewer, _ slot: ReportSlot) async throws -> (ReportDocument, String) {
        let (unit, year, period) = (slot.unit, slot.year, slot.period)
        let page = try await ReportPage.load(viewer: viewer, unit: unit, year: year, period: period, today: req.application.clock.today(), now: req.application.clock.now(), on: req.db)
        let above = try await unit.$parent.get(on: req.db)
        let report = try await ReportService.find(unitID: try unit.requireID(), year: year, period: period, on: req.db)
        let place = Self.place(of: [unit.name] + (above.map { [$0.name] } ?? []))
        let document = ReportDocument(
            issuerLines: ReportDocument.issuerLines(unit: unit.name, above: above?.name), unitName: unit.name, number: report?.number,
            place: place, date: report?.submittedAt.map { AppClock.calendarDate($0) }, figures: page.figures,
            results: page.results, limitations: page.limitations, proposals: page.proposals,
            recipients: (above.map { [$0.name] } ?? []) + ["Lưu: VT"])
        let name = "bao-cao-\(period.rawValue)-\(year)-" + VietnameseText.slug(unit.code)
        return (document, name)
    }

    @Sendable func docx(req: Request, viewer: Viewer, slot: ReportSlot) async throws -> Response {
        let (document, name) = try await self.document(req, viewer, slot)
        return .download(try ReportDocxWriter.data(for: document), filename: name + ".docx",
                         contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    }

    @Sendable func xlsx(req: Request, viewer: Viewer, slot: ReportSlot) async throws -> Response {
        let (document, name) = try await self.document(req, viewer, slot)
        return .download(try ReportDocxWriter.workbook(for: document), filename: name + ".xlsx",
                         contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    }

    /// The locality a document is dated from: "Ủy ban nhân dân huyện Châu Thành" → "Châu Thành", from the unit or the
    /// committee it belongs to; nil leaves the dots to fill in.
    static func place(of names: [String]) -> String? {
        let committee = "ủy ban nhân dân "
        for name in names where name.lowercased().hasPrefix(committee) {
            var rest = String(name.dropFirst(committee.count))
            for level in ["thành phố ", "thị xã ", "thị trấn ", "tỉnh ", "huyện ", "quận ", "xã ", "phường "] where rest.lowercased().hasPrefix(level) {
                rest = String(rest.dropFirst(level.count))
                break
            }
            return rest.isEmpty ? nil : rest
        }
        return nil
    }
}
