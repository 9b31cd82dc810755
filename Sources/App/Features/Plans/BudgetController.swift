import Domain
import Fluent
import Vapor

/// The budget of an issued plan: estimates by the lead units, appraisal by the finance office, approval by the committee.
struct BudgetController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.planBudget, load: Plan.self, need: .read, use: show)
        routes.on(.budgetEstimate, load: Plan.self, need: .read, use: estimate)
        routes.on(.budgetFinance, load: Plan.self, need: .author, use: setFinance)
        routes.on(.budgetReview, load: Plan.self, need: .read, use: review)
    }

    @Sendable func show(req: Request, viewer: Viewer, plan: Plan) async throws -> Response {
        return try await render(req, plan: plan, viewer: viewer)
    }

    private func render(_ req: Request, plan: Plan, viewer: Viewer, message: String? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        let page = try await BudgetPage.load(plan, viewer: viewer, message: message, on: req.db)
        return try await req.render("plans/budget", title: "Kinh phí: " + plan.title, section: "plans", page, status: status)
    }

    struct EstimateForm: Content {
        var assignmentID: String?
        var amount: String?
        var source: String?
        var scope: String?
        var note: String?
    }

    @Sendable func estimate(req: Request, viewer: Viewer, plan: Plan) async throws -> Response {
        let form = try req.content.decode(EstimateForm.self)
        guard let id = form.assignmentID.flatMap(UUID.init(uuidString:)),
              let assignment = try await Assignment.query(on: req.db).filter(\.$id == id).filter(\.$plan.$id == plan.requireID()).with(\.$unit).first() else {
            throw AppError.notFound("Không tìm thấy phân công này trong kế hoạch.")
        }
        guard viewer.may(.edit, assignment.unit) else { throw AppError.forbidden }
        // "1.500.000", "1 500 000" or "1500000" đồng.
        guard case .some(.some(let amount)) = FormLimits.amount(form.amount, max: FormLimits.budgetLine), amount > 0 else {
            return try await render(req, plan: plan, viewer: viewer,
                                    message: "Số tiền dự toán là số đồng lớn hơn 0 và không quá \(BudgetService.money(FormLimits.budgetLine)), ví dụ 15.000.000.",
                                    status: .unprocessableEntity)
        }
        let source = CostEstimate.Source(rawValue: form.source ?? "") ?? .stateBudget
        let scope = CostEstimate.Scope(rawValue: form.scope ?? "") ?? .internalUse
        try await BudgetService.estimate(plan, assignment: assignment, amount: amount, source: source, scope: scope,
                                         note: PlanForm.optional(form.note, limit: 500), actor: viewer.actor, now: req.now, on: req.db)
        req.flash("Đã gửi dự toán \(BudgetService.money(amount)) để thẩm định.")
        return req.redirect(to: .planBudget, try plan.requireID())
    }

    struct FinanceForm: Content {
        var unit: String?
    }

    @Sendable func setFinance(req: Request, viewer: Viewer, plan: Plan) async throws -> Response {
        let typed = String((try req.content.decode(FinanceForm.self).unit ?? "").prefix(200))
        guard case .unit(let unit) = try await UnitPicker.resolve(id: nil, query: typed, allowed: { _ in true }, date: req.application.clock.today(), on: req.db) else {
            return try await render(req, plan: plan, viewer: viewer, message: "Không xác định được cơ quan tài chính \"\(typed)\"; hãy nhập mã đơn vị.",
                                    status: .unprocessableEntity)
        }
        let audit = AuditedChange(actor: viewer.actor, action: .update, entityType: .plan,
                                  summary: "Giao \(unit.name) thẩm định kinh phí kế hoạch \(plan.number ?? plan.title)", now: req.now)
        try await req.db.change(plan, audit, unitID: { $0.$unit.id }, snapshot: { p, _ in ["financeUnitID": p.$financeUnit.id?.uuidString ?? ""] }) { p, _ in
            p.$financeUnit.id = unit.id
        }
        req.flash("Cơ quan thẩm định kinh phí: \(unit.name).")
        return req.redirect(to: .planBudget, try plan.requireID())
    }

    struct ReviewForm: Content {
        var action: String?
        var note: String?
    }

    @Sendable func review(req: Request, viewer: Viewer, plan: Plan) async throws -> Response {
        guard let id = req.parameters.get("estimateID", as: UUID.self),
              let estimate = try await CostEstimate.query(on: req.db).filter(\.$id == id).filter(\.$plan.$id == plan.requireID()).first() else {
            throw AppError.notFound("Không tìm thấy dự toán này.")
        }
        let form = try req.content.decode(ReviewForm.self)
        guard let action = form.action.flatMap(BudgetService.Review.init(rawValue:)) else { throw AppError.badRequest("Thao tác không hợp lệ.") }
        do {
            try await BudgetService.review(estimate, action, note: PlanForm.optional(form.note, limit: 500), rights: .init(plan: plan, viewer: viewer),
                                           financeUnit: try await plan.$financeUnit.get(on: req.db), actor: viewer.actor, now: req.now, on: req.db)
        } catch let error as AppError where error.status == .unprocessableEntity || error.status == .conflict {
            return try await render(req, plan: plan, viewer: viewer, message: error.reason, status: error.status)
        }
        return req.redirect(to: .planBudget, try plan.requireID())
    }
}
