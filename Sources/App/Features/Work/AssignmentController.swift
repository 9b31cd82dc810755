import Domain
import Fluent
import Vapor

/// An assignment's page and the work recorded on it; evidence downloads authorised like the record they belong to.
struct AssignmentController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.assignment, use: show)
        // An evidence file up to the configured limit, plus the form fields around it.
        routes.on(SiteRoute.activityCreate.method, SiteRoute.activityCreate.components,
                  body: .collect(maxSize: ByteCount(integerLiteral: 64 * 1024 * 1024)), use: record)
        routes.on(.assignmentDone, use: complete)
        routes.on(.assignmentCancel, use: cancel)
        routes.on(.activityReview, use: review)
        routes.on(.evidence, use: download)
        routes.on(.rollup, use: rollup)
    }

    /// The assignment in the path, its plan, and whether the viewer may read it: the unit's readers and the issuer's.
    private func readable(_ req: Request) async throws -> (Viewer, Assignment, Plan) {
        let viewer = try req.requireViewer()
        guard let id = req.parameters.get("assignmentID", as: UUID.self),
              let assignment = try await Assignment.query(on: req.db).filter(\.$id == id).with(\.$unit).first() else {
            throw AppError.notFound("Không tìm thấy phân công.")
        }
        let plan = try await PlanService.find(assignment.$plan.id, on: req.db)
        guard viewer.may(.read, assignment.unit) || viewer.may(.read, plan.unit) else { throw AppError.forbidden }
        return (viewer, assignment, plan)
    }

    private func render(_ req: Request, _ viewer: Viewer, _ assignment: Assignment, _ plan: Plan, message: String? = nil,
                        status: HTTPResponseStatus = .ok) async throws -> Response {
        let page = try await AssignmentPage.load(assignment, plan: plan, viewer: viewer, today: req.application.clock.today(),
                                                 maxBytes: req.application.config.maxUploadBytes, message: message, on: req.db)
        return try await req.render("work/assignment", title: "Phân công: nhiệm vụ \(page.taskNo)", section: "work", page, status: status)
    }

    @Sendable func show(req: Request) async throws -> Response {
        let (viewer, assignment, plan) = try await readable(req)
        return try await render(req, viewer, assignment, plan)
    }

    @Sendable func record(req: Request) async throws -> Response {
        let (viewer, assignment, plan) = try await readable(req)
        guard viewer.may(.edit, assignment.unit) else { throw AppError.forbidden }
        let form = try req.content.decode(ActivityForm.self)
        do {
            let input = try form.checked().get()
            _ = try await ActivityService.record(input, upload: form.upload, on: assignment, plan: plan, actor: viewer.actor, storage: req.application.files,
                                                 maxBytes: req.application.config.maxUploadBytes, quota: req.application.config.unitStorageQuotaBytes, on: req.db)
        } catch let error as AppError where error.status != .forbidden && error.status != .notFound {
            return try await render(req, viewer, assignment, plan, message: error.reason, status: error.status)
        }
        req.flash("Đã ghi nhận hoạt động.")
        return req.redirect(to: .assignment, try assignment.requireID())
    }

    struct ReasonForm: Content {
        var text: String?
    }

    @Sendable func complete(req: Request) async throws -> Response {
        let (viewer, assignment, plan) = try await readable(req)
        guard viewer.may(.edit, assignment.unit) else { throw AppError.forbidden }
        let text = PlanForm.optional(try req.content.decode(ReasonForm.self).text, limit: 1000)
        do {
            try await ActivityService.complete(assignment, justification: text, today: req.application.clock.today(), actor: viewer.actor, on: req.db)
        } catch let error as AppError where error.status == .unprocessableEntity || error.status == .conflict {
            return try await render(req, viewer, assignment, plan, message: error.reason, status: error.status)
        }
        req.flash("Đã đánh dấu hoàn thành.")
        return req.redirect(to: .assignment, try assignment.requireID())
    }

    @Sendable func cancel(req: Request) async throws -> Response {
        let (viewer, assignment, plan) = try await readable(req)
        guard viewer.mayAuthor(planOf: plan.unit) else { throw AppError.forbidden }
        guard let reason = PlanForm.optional(try req.content.decode(ReasonForm.self).text, limit: 1000) else {
            return try await render(req, viewer, assignment, plan, message: "Vui lòng ghi lý do hủy phân công.", status: .unprocessableEntity)
        }
        try await ActivityService.cancel(assignment, reason: reason, actor: viewer.actor, on: req.db)
        return req.redirect(to: .assignment, try assignment.requireID())
    }

    struct ReviewForm: Content {
        var verdict: String?
        var note: String?
    }

    @Sendable func review(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        guard let id = req.parameters.get("activityID", as: UUID.self), let activity = try await Activity.find(id, on: req.db) else {
            throw AppError.notFound("Không tìm thấy hoạt động.")
        }
        let plan = try await PlanService.find(activity.$plan.id, on: req.db)
        guard viewer.mayAuthor(planOf: plan.unit) else { throw AppError.forbidden }
        let form = try req.content.decode(ReviewForm.self)
        try await ActivityService.review(activity, verified: form.verdict == "verify", note: PlanForm.optional(form.note, limit: 1000),
                                         actor: viewer.actor, on: req.db)
        guard let assignmentID = activity.$assignment.id else { return req.redirect(to: .plan, try plan.requireID()) }
        return req.redirect(to: .assignment, assignmentID)
    }

    /// The year's work over the viewer's units, as charts and tables.
    @Sendable func rollup(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let today = req.application.clock.today()
        let year = req.queryYear
        let page = try await RollupPage.load(viewer: viewer, year: year, today: today, on: req.db)
        return try await req.render("work/rollup", title: "Tổng hợp kết quả năm \(year)", section: "rollup", page)
    }

    @Sendable func download(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        guard let id = req.parameters.get("fileID", as: UUID.self),
              let file = try await EvidenceFile.query(on: req.db).filter(\.$id == id).with(\.$unit).with(\.$activity).first() else {
            throw AppError.notFound("Không tìm thấy tệp.")
        }
        let plan = try await PlanService.find(file.activity.$plan.id, on: req.db)
        guard viewer.may(.read, file.unit) || viewer.may(.read, plan.unit) else { throw AppError.forbidden }
        let data = try await req.application.files.load(key: file.storageKey)
        return .download(data, filename: file.filename, contentType: file.type.contentType)
    }
}
