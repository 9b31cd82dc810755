import Domain
import Fluent
import Vapor

/// Editing a plan in the app: every section, and the task table row by row (add, change, move, remove), with
/// the timeframe read back as it is typed. An issued plan takes the same forms plus a reason: an amendment.
struct PlanEditController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.planEdit, load: Plan.self, need: .author, use: editForm)
        routes.on(.planUpdate, load: Plan.self, need: .author, use: update)
        routes.on(.taskNew, load: Plan.self, need: .author, use: newTaskForm)
        routes.on(.taskCreate, load: Plan.self, need: .author, use: createTask)
        routes.on(.taskEdit, load: Plan.self, need: .author, use: editTaskForm)
        routes.on(.taskUpdate, load: Plan.self, need: .author, use: updateTask)
        routes.on(.taskMove, load: Plan.self, need: .author, use: moveTask)
        routes.on(.taskDelete, load: Plan.self, need: .author, use: deleteTask)
        routes.on(.timeframePreview, use: timeframe)
    }

    private func task(_ req: Request, of plan: Plan) async throws -> TaskEntry {
        guard let id = req.parameters.get("taskID", as: UUID.self),
              let task = try await TaskEntry.query(on: req.db).filter(\.$id == id).filter(\.$plan.$id == plan.requireID()).with(\.$units).first() else {
            throw AppError.notFound("Không tìm thấy nhiệm vụ này trong kế hoạch.")
        }
        task.$units.value = task.units.sorted { ($0.role == .lead ? 0 : 1, $0.position) < ($1.role == .lead ? 0 : 1, $1.position) }
        return task
    }

    // MARK: Sections

    @Sendable func editForm(req: Request, viewer: Viewer, plan: Plan) async throws -> Response {
        return try await renderPlanForm(req, plan: plan, form: PlanForm(plan), errors: FieldErrors())
    }

    private func renderPlanForm(_ req: Request, plan: Plan, form: PlanForm, errors: FieldErrors, message: String? = nil,
                                status: HTTPResponseStatus = .ok) async throws -> Response {
        let page = PlanFormPage(id: try plan.requireID().uuidString, title: plan.title, issued: plan.status == .issued, form: form,
                                errors: errors.all, message: message)
        return try await req.render("plans/edit", title: "Sửa kế hoạch", section: "plans", page, status: status)
    }

    @Sendable func update(req: Request, viewer: Viewer, plan: Plan) async throws -> Response {
        let form = try req.content.decode(PlanForm.self)
        switch form.checked(issued: plan.status == .issued, warnings: plan.sections.warnings) {
        case .failure(let box):
            return try await renderPlanForm(req, plan: plan, form: form, errors: box.errors, status: .unprocessableEntity)
        case .success(let input):
            do {
                let changes = try await PlanEditing.updateSections(plan, input, actor: viewer.actor, today: req.application.clock.today(),
                                                                   now: req.now, on: req.db)
                req.flash(changes.isEmpty ? "Không có thay đổi." : "Đã lưu: " + changes.joined(separator: "; "))
                return req.redirect(to: .plan, try plan.requireID())
            } catch let error as AppError where error.status == .unprocessableEntity {
                return try await renderPlanForm(req, plan: plan, form: form, errors: FieldErrors(), message: error.reason, status: error.status)
            }
        }
    }

    // MARK: Task rows

    @Sendable func newTaskForm(req: Request, viewer: Viewer, plan: Plan) async throws -> Response {
        let count = try await TaskEntry.query(on: req.db).filter(\.$plan.$id == plan.requireID()).count()
        return try await renderTaskForm(req, plan: plan, task: nil, form: TaskForm(no: count + 1), errors: FieldErrors())
    }

    @Sendable func editTaskForm(req: Request, viewer: Viewer, plan: Plan) async throws -> Response {
        let task = try await task(req, of: plan)
        return try await renderTaskForm(req, plan: plan, task: task, form: TaskForm(task), errors: FieldErrors())
    }

    private func renderTaskForm(_ req: Request, plan: Plan, task: TaskEntry?, form: TaskForm, errors: FieldErrors, message: String? = nil,
                                status: HTTPResponseStatus = .ok) async throws -> Response {
        let planID = try plan.requireID()
        let understood = TimeframeParser(planYear: plan.year).parse(form.timeframe ?? "").summary
        let page = TaskFormPage(planID: planID.uuidString, planTitle: plan.title, year: plan.year, issued: plan.status == .issued,
                                action: task.map { SiteRoute.taskUpdate.path(planID, $0.id?.uuidString ?? "") } ?? SiteRoute.taskCreate.path(planID),
                                deleteAction: task.map { SiteRoute.taskDelete.path(planID, $0.id?.uuidString ?? "") },
                                isNew: task == nil, form: form, understood: understood, errors: errors.all, message: message)
        return try await req.render("plans/task", title: task == nil ? "Thêm nhiệm vụ" : "Sửa nhiệm vụ", section: "plans", page, status: status)
    }

    @Sendable func createTask(req: Request, viewer: Viewer, plan: Plan) async throws -> Response {
        try await saveTask(req, viewer: viewer, plan: plan, existing: false)
    }
    @Sendable func updateTask(req: Request, viewer: Viewer, plan: Plan) async throws -> Response {
        try await saveTask(req, viewer: viewer, plan: plan, existing: true)
    }

    private func saveTask(_ req: Request, viewer: Viewer, plan: Plan, existing: Bool) async throws -> Response {
        let task = existing ? try await task(req, of: plan) : nil
        let form = try req.content.decode(TaskForm.self)
        switch form.checked(planYear: plan.year, issued: plan.status == .issued) {
        case .failure(let box):
            return try await renderTaskForm(req, plan: plan, task: task, form: form, errors: box.errors, status: .unprocessableEntity)
        case .success(let input):
            do {
                try await PlanEditing.saveTask(plan, existing: task, input, actor: viewer.actor, today: req.application.clock.today(),
                                               now: req.now, on: req.db)
            } catch let error as AppError where error.status == .unprocessableEntity {
                return try await renderTaskForm(req, plan: plan, task: task, form: form, errors: FieldErrors(), message: error.reason, status: error.status)
            }
            req.flash(existing ? "Đã lưu nhiệm vụ \(input.task.no)." : "Đã thêm nhiệm vụ \(input.task.no).")
            return req.redirect(to: .plan, try plan.requireID())
        }
    }

    struct RowAction: Content {
        var direction: String?
        var reason: String?
    }

    /// The reason an issued plan's change needs; a 422 back to the plan when it is missing.
    private func reason(_ action: RowAction, plan: Plan) throws -> String? {
        let reason = PlanForm.optional(action.reason, limit: 1000)
        if plan.status == .issued && reason == nil {
            throw AppError(.unprocessableEntity, "Kế hoạch đã ban hành: vui lòng ghi lý do sửa đổi trước khi chuyển hoặc bỏ nhiệm vụ.")
        }
        return reason
    }

    @Sendable func moveTask(req: Request, viewer: Viewer, plan: Plan) async throws -> Response {
        let task = try await task(req, of: plan)
        let action = try req.content.decode(RowAction.self)
        try await PlanEditing.moveTask(plan, task, up: action.direction == "up", reason: try reason(action, plan: plan),
                                       actor: viewer.actor, now: req.now, on: req.db)
        return req.redirect(to: .plan, try plan.requireID())
    }

    @Sendable func deleteTask(req: Request, viewer: Viewer, plan: Plan) async throws -> Response {
        let task = try await task(req, of: plan)
        let action = try req.content.decode(RowAction.self)
        try await PlanEditing.deleteTask(plan, task, reason: try reason(action, plan: plan), actor: viewer.actor, now: req.now, on: req.db)
        req.flash("Đã bỏ nhiệm vụ \(task.no).")
        return req.redirect(to: .plan, try plan.requireID())
    }

    // MARK: Live reading of a timeframe

    struct TimeframeReading: Content {
        let text: String
        let summary: String
        let understood: Bool
        let start: String?
        let due: String?
        let occurrences: Int
    }

    @Sendable func timeframe(req: Request, viewer: Viewer) async throws -> TimeframeReading {
        let text = String(((try? req.query.get(String.self, at: "text")) ?? "").prefix(300))
        let year = req.queryYear
        let timeframe = TimeframeParser(planYear: year).parse(text)
        let schedule = Schedule(timeframe: timeframe, planYear: year)
        return TimeframeReading(text: timeframe.text, summary: timeframe.summary, understood: timeframe.isUnderstood,
                                start: schedule?.start.display, due: schedule?.due.display, occurrences: schedule?.occurrences.count ?? 0)
    }
}
