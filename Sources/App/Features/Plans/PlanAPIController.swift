import Domain
import Fluent
import Vapor

/// Plans through the API (bearer tokens, the same access rule as the pages).
struct PlanAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.apiPlans, use: list)
        routes.on(.apiPlanImport, use: importDocument)
        routes.on(.apiPlan, use: show)
        routes.on(.apiPlanExport, use: export)
    }

    struct PlanList: Content {
        let items: [PlanSummaryDTO]
        let total: Int
        let page: Int
    }

    @Sendable func list(req: Request) async throws -> PlanList {
        let viewer = try req.requireViewer()
        let filters = PlanListFilters(req)
        let (plans, total) = try await PlanQueries.list(viewer: viewer, filters: filters, page: req.pageNumber, on: req.db)
        return PlanList(items: plans.map(PlanSummaryDTO.init), total: total, page: req.pageNumber)
    }

    @Sendable func show(req: Request) async throws -> PlanDetailDTO {
        let (_, plan) = try await PlanController.readablePlan(req)
        return try await PlanDetailDTO.load(plan, on: req.db)
    }

    @Sendable func export(req: Request) async throws -> Response {
        let (_, plan) = try await PlanController.readablePlan(req)
        let text = (try? req.query.get(String.self, at: "format")) ?? "json"
        guard let format = PlanExport.Format(rawValue: text.lowercased()) else {
            throw AppError.badRequest("Định dạng \"\(text.prefix(20))\" không được hỗ trợ; dùng json, docx hoặc xlsx.")
        }
        return try await PlanExport.response(plan, format: format, on: req.db)
    }

    @Sendable func importDocument(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        guard viewer.mayImportPlans else { throw AppError.forbidden }
        let upload = try req.content.decode(PlanController.ImportUpload.self)
        let plan = try await PlanImport.run(file: upload.file, unitQuery: upload.unit ?? "", viewer: viewer, app: req.application, db: req.db)
        return try await PlanDetailDTO.load(plan, on: req.db).encodeResponse(status: .created, for: req)
    }
}
