import Domain
import Fluent
import Vapor

/// Coordinating units record their contributions to a task that other units lead.
struct ContributionController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.contribution, load: Plan.self, need: .read, use: show)
        routes.on(.contributionCreate, load: Plan.self, need: .read, maxBody: ByteCount(integerLiteral: 64 * 1024 * 1024), use: record)
    }

    /// The task in the path, when the viewer's own unit coordinates it and the viewer may edit that unit's records.
    private func coordinated(_ req: Request, _ viewer: Viewer, _ plan: Plan) async throws -> TaskEntry {
        guard let taskID = req.parameters.get("taskID", as: UUID.self),
              let task = try await TaskEntry.query(on: req.db).filter(\.$id == taskID).filter(\.$plan.$id == plan.requireID()).first() else {
            throw AppError.notFound("Không tìm thấy nhiệm vụ này trong kế hoạch.")
        }
        let coordinates = try await TaskUnit.query(on: req.db).filter(\.$task.$id == taskID).filter(\.$role == .coordinating)
            .filter(\.$unit.$id == viewer.unit.requireID()).count() > 0
        guard coordinates, viewer.may(.edit, viewer.unit) else { throw AppError.forbidden }
        return task
    }

    private func render(_ req: Request, _ viewer: Viewer, _ plan: Plan, _ task: TaskEntry, message: String? = nil,
                        status: HTTPResponseStatus = .ok) async throws -> Response {
        let page = try await ContributionPage.load(plan: plan, task: task, unit: viewer.unit, today: req.application.clock.today(),
                                                   maxBytes: req.application.config.maxUploadBytes, message: message, on: req.db)
        return try await req.render("work/contribution", title: "Phối hợp: nhiệm vụ \(task.no)", section: "work", page, status: status)
    }

    @Sendable func show(req: Request, viewer: Viewer, plan: Plan) async throws -> Response {
        let task = try await coordinated(req, viewer, plan)
        return try await render(req, viewer, plan, task)
    }

    @Sendable func record(req: Request, viewer: Viewer, plan: Plan) async throws -> Response {
        let task = try await coordinated(req, viewer, plan)
        let form = try req.content.decode(ActivityForm.self)
        do {
            let input = try form.checked().get()
            _ = try await ActivityService.contribute(input, upload: form.upload, unitID: try viewer.unit.requireID(), plan: plan, taskID: try task.requireID(),
                                                     actor: viewer.actor, storage: req.application.files,
                                                     maxBytes: req.application.config.maxUploadBytes, quota: req.application.config.unitStorageQuotaBytes, on: req.db)
        } catch let error as AppError where error.status != .forbidden && error.status != .notFound {
            return try await render(req, viewer, plan, task, message: error.reason, status: error.status)
        }
        req.flash("Đã ghi nhận phần phối hợp.")
        return req.redirect(to: .contribution, try plan.requireID(), try task.requireID())
    }
}
