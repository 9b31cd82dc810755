import Domain
import Fluent
import Vapor

/// Plan pages: the list, import of a document, the plan laid out like the document, the names of its task
/// table resolved against the registry, issuing, and the plan as JSON or Word.
struct PlanController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.plans, use: index)
        routes.on(.myWork, use: myWork)
        routes.on(.planImport, use: importForm)
        routes.on(.planImportSubmit, use: importDocument)
        routes.on(.plan, load: Plan.self, need: .read, use: show)
        routes.on(.planUnits, load: Plan.self, need: .author, use: unitsForm)
        routes.on(.planUnitsSubmit, load: Plan.self, need: .author, use: saveUnits)
        routes.on(.planIssue, load: Plan.self, need: .author, use: issueForm)
        routes.on(.planIssueSubmit, load: Plan.self, need: .author, use: issue)
        routes.on(.planTimeline, load: Plan.self, need: .read, use: timeline)
        routes.on(.planDerive, load: Plan.self, need: .read, use: derive)
        routes.on(.planJSON, load: Plan.self, need: .read, use: exportJSON)
        routes.on(.planDOCX, load: Plan.self, need: .read, use: exportDOCX)
        routes.on(.planXLSX, load: Plan.self, need: .read, use: exportXLSX)
        routes.on(.planAssignmentsCSV, load: Plan.self, need: .read, use: exportAssignments)
    }

    @Sendable func index(req: Request, viewer: Viewer) async throws -> Response {
        let filters = PlanListFilters(req)
        let (plans, total) = try await PlanQueries.list(viewer: viewer, filters: filters, page: req.pageNumber, on: req.db)
        let paging = Paging(page: req.pageNumber, perPage: PlanQueries.perPage, total: total, noun: "kế hoạch", link: { req.link(page: $0) })
        let years = try await PlanQueries.years(viewer: viewer, on: req.db)
        let page = PlanListPage(rows: plans.map { PlanRow($0) }, paging: paging, filters: filters, years: years,
                                canImport: viewer.mayImportPlans)
        return try await req.render("plans/index", title: "Kế hoạch", section: "plans", page)
    }

    @Sendable func myWork(req: Request, viewer: Viewer) async throws -> Response {
        let page = try await MyWorkPage.load(unit: viewer.unit, today: req.application.clock.today(), on: req.db)
        return try await req.render("plans/work", title: "Việc của đơn vị", section: "work", page)
    }

    @Sendable func importForm(req: Request, viewer: Viewer) async throws -> Response {
        guard viewer.mayImportPlans else { throw AppError.forbidden }
        return try await renderImport(req, viewer: viewer, unitQuery: viewer.unit.code, error: nil)
    }

    private func renderImport(_ req: Request, viewer: Viewer, unitQuery: String, error: String?,
                              status: HTTPResponseStatus = .ok) async throws -> Response {
        let queue = await req.application.documentReader?.status
        let page = PlanImportPage(unitQuery: unitQuery, chooseUnit: viewer.isAdmin, unitName: viewer.unit.name, error: error,
                                  maxMB: req.application.config.maxUploadBytes / 1024 / 1024,
                                  formats: PlanImporter.supportedExtensions.map { "." + $0 }.joined(separator: ", "),
                                  queue: queue.flatMap { q in
                                      q.running == 0 ? nil : "\(q.running) tệp đang được đọc" + (q.waiting > 0 ? ", \(q.waiting) tệp đang chờ" : "")
                                          + " (mỗi lần đọc tối đa \(q.slots) tệp); tệp của bạn sẽ được đọc theo lượt."
                                  })
        return try await req.render("plans/import", title: "Nhập kế hoạch từ văn bản", section: "plans", page, status: status)
    }

    struct ImportUpload: Content {
        var file: File?
        var unit: String?
    }

    @Sendable func importDocument(req: Request, viewer: Viewer) async throws -> Response {
        let upload = try req.content.decode(ImportUpload.self)
        let unitQuery = String((upload.unit ?? viewer.unit.code).prefix(200))
        do {
            let plan = try await PlanImport.run(file: upload.file, unitQuery: unitQuery, viewer: viewer, client: ClientConnection(req),
                                                app: req.application, db: req.db)
            req.flash("Đã lưu dự thảo kế hoạch. Hãy kiểm tra các đơn vị được nhận diện trong bảng nhiệm vụ.")
            return req.redirect(to: .planUnits, try plan.requireID())
        } catch let error as AppError where error.status != .forbidden {
            return try await renderImport(req, viewer: viewer, unitQuery: unitQuery, error: error.reason, status: error.status)
        }
    }

    @Sendable func show(req: Request, viewer: Viewer, plan: Plan) async throws -> Response {
        let page = try await PlanShowPage.load(plan, viewer: viewer, today: req.application.clock.today(), on: req.db)
        return try await req.render("plans/show", title: plan.title, section: "plans", page)
    }

    @Sendable func timeline(req: Request, viewer: Viewer, plan: Plan) async throws -> Response {
        let page = try await PlanTimelinePage.load(plan, today: req.application.clock.today(), on: req.db)
        return try await req.render("plans/timeline", title: "Tiến độ: " + plan.title, section: "plans", page)
    }

    /// Starts the viewer's unit's plan from this one.
    @Sendable func derive(req: Request, viewer: Viewer, parent: Plan) async throws -> Response {
        guard PlanDerivation.mayDerive(viewer, unit: viewer.unit, fromPlanOf: parent.unit) else { throw AppError.forbidden }
        let plan = try await PlanDerivation.derive(from: parent, for: viewer.unit, actor: viewer.actor, today: req.application.clock.today(),
                                                   now: req.now, on: req.db)
        req.flash("Đã lập dự thảo kế hoạch của \(viewer.unit.name) từ kế hoạch cấp trên. Hãy giao các nhiệm vụ cho đơn vị của mình.")
        return req.redirect(to: .plan, try plan.requireID())
    }

    @Sendable func unitsForm(req: Request, viewer: Viewer, plan: Plan) async throws -> Response {
        return try await renderUnits(req, plan: plan, errors: [:])
    }

    private func renderUnits(_ req: Request, plan: Plan, errors: [String: String], typed: [String: String] = [:],
                             status: HTTPResponseStatus = .ok) async throws -> Response {
        let page = try await PlanUnitsPage.load(plan, errors: errors, typed: typed, on: req.db)
        return try await req.render("plans/units", title: "Đơn vị trong kế hoạch", section: "plans", page, status: status)
    }

    @Sendable func saveUnits(req: Request, viewer: Viewer, plan: Plan) async throws -> Response {
        guard plan.status == .draft else { throw AppError(.conflict, "Kế hoạch đã ban hành; không đổi đơn vị trong bảng nhiệm vụ được nữa.") }
        let form = try req.content.decode(PlanUnitsForm.self)
        let outcome = try await PlanNameResolution.apply(form, plan: plan, viewer: viewer, now: req.now, on: req.db)
        if !outcome.errors.isEmpty {
            return try await renderUnits(req, plan: plan, errors: outcome.errors, typed: outcome.typed, status: .unprocessableEntity)
        }
        req.flash(outcome.changed == 0 ? "Không có thay đổi." : "Đã cập nhật \(outcome.changed) tên đơn vị.")
        return req.redirect(to: .planUnits, try plan.requireID())
    }

    @Sendable func issueForm(req: Request, viewer: Viewer, plan: Plan) async throws -> Response {
        let form = PlanIssueForm(number: plan.number ?? "", issuedOn: (plan.issuedOn ?? req.application.clock.today()).display,
                                 signerAuthority: plan.signerAuthority ?? "", signerTitle: plan.signerTitle ?? "", signerName: plan.signerName ?? "")
        return try await renderIssue(req, plan: plan, form: form, errors: FieldErrors())
    }

    private func renderIssue(_ req: Request, plan: Plan, form: PlanIssueForm, errors: FieldErrors, message: String? = nil,
                             status: HTTPResponseStatus = .ok) async throws -> Response {
        let page = try await PlanIssuePage.load(plan, form: form, errors: errors, message: message, on: req.db)
        return try await req.render("plans/issue", title: "Ban hành kế hoạch", section: "plans", page, status: status)
    }

    @Sendable func issue(req: Request, viewer: Viewer, plan: Plan) async throws -> Response {
        let form = try req.content.decode(PlanIssueForm.self)
        switch form.checked() {
        case .failure(let errors):
            return try await renderIssue(req, plan: plan, form: form, errors: errors.errors, status: .unprocessableEntity)
        case .success(let input):
            do {
                let result = try await PlanService.issue(plan, input, actor: viewer.actor, now: req.now, on: req.db)
                req.flash("Đã ban hành kế hoạch: \(result.assignments) phân công, \(result.occurrences) kỳ thực hiện.")
                return req.redirect(to: .plan, try plan.requireID())
            } catch let error as AppError where error.status == .unprocessableEntity || error.status == .conflict {
                return try await renderIssue(req, plan: plan, form: form, errors: FieldErrors(), message: error.reason, status: error.status)
            }
        }
    }

    @Sendable func exportJSON(req: Request, viewer: Viewer, plan: Plan) async throws -> Response { try await PlanExport.response(plan, format: .json, on: req.db) }
    @Sendable func exportDOCX(req: Request, viewer: Viewer, plan: Plan) async throws -> Response { try await PlanExport.response(plan, format: .docx, on: req.db) }
    @Sendable func exportXLSX(req: Request, viewer: Viewer, plan: Plan) async throws -> Response { try await PlanExport.response(plan, format: .xlsx, on: req.db) }

    @Sendable func exportAssignments(req: Request, viewer: Viewer, plan: Plan) async throws -> Response {
        return try await PlanExport.assignmentsCSV(plan, on: req.db)
    }
}
