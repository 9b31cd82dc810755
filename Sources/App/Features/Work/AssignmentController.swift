import Domain
import Fluent
import Vapor

/// An assignment's page and the work recorded on it; evidence downloads authorised like the record they belong to.
struct AssignmentController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.assignment, load: Assignment.self, need: .read, use: show)
        // An evidence file up to the configured limit, plus the form fields around it.
        routes.on(.activityCreate, load: Assignment.self, need: .edit, maxBody: ByteCount(integerLiteral: 64 * 1024 * 1024), use: record)
        routes.on(.assignmentDone, load: Assignment.self, need: .edit, use: complete)
        routes.on(.assignmentCancel, load: Assignment.self, need: .cancel, use: cancel)
        routes.on(.activityReview, use: review)
        routes.on(.evidence, use: download)
    }

    private func render(_ req: Request, _ viewer: Viewer, _ assignment: Assignment, _ plan: Plan, message: String? = nil,
                        status: HTTPResponseStatus = .ok) async throws -> Response {
        let page = try await AssignmentPage.load(assignment, plan: plan, viewer: viewer, today: req.application.clock.today(),
                                                 maxBytes: req.application.config.maxUploadBytes, message: message, on: req.db)
        return try await req.render("work/assignment", title: "Phân công: nhiệm vụ \(page.taskNo)", section: "work", page, status: status)
    }

    @Sendable func show(req: Request, viewer: Viewer, assignment: Assignment) async throws -> Response {
        let plan = assignment.plan
        return try await render(req, viewer, assignment, plan)
    }

    @Sendable func record(req: Request, viewer: Viewer, assignment: Assignment) async throws -> Response {
        let plan = assignment.plan
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

    @Sendable func complete(req: Request, viewer: Viewer, assignment: Assignment) async throws -> Response {
        let plan = assignment.plan
        let text = PlanForm.optional(try req.content.decode(ReasonForm.self).text, limit: 1000)
        do {
            try await ActivityService.complete(assignment, justification: text, today: req.application.clock.today(), actor: viewer.actor, on: req.db)
        } catch let error as AppError where error.status == .unprocessableEntity || error.status == .conflict {
            return try await render(req, viewer, assignment, plan, message: error.reason, status: error.status)
        }
        req.flash("Đã đánh dấu hoàn thành.")
        return req.redirect(to: .assignment, try assignment.requireID())
    }

    @Sendable func cancel(req: Request, viewer: Viewer, assignment: Assignment) async throws -> Response {
        let plan = assignment.plan
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

    @Sendable func review(req: Request, viewer: Viewer) async throws -> Response {
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

    @Sendable func download(req: Request, viewer: Viewer) async throws -> Response {
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
