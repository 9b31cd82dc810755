import Domain
import Fluent
import Vapor

/// Plans through the API (bearer tokens, the same access rule as the pages).
struct PlanAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.apiPlans, use: list)
        routes.on(.apiPlanImport, use: importDocument)
        routes.on(.apiPlan, load: Plan.self, need: .read, use: show)
        routes.on(.apiPlanExport, load: Plan.self, need: .read, use: export)
    }

    struct PlanList: Content {
        let items: [PlanSummaryDTO]
        let total: Int
        let page: Int
    }

    @Sendable func list(req: Request, viewer: Viewer) async throws -> PlanList {
        let filters = PlanListFilters(req)
        let (plans, total) = try await PlanQueries.list(viewer: viewer, filters: filters, page: req.pageNumber, on: req.db)
        return PlanList(items: plans.map(PlanSummaryDTO.init), total: total, page: req.pageNumber)
    }

    @Sendable func show(req: Request, viewer: Viewer, plan: Plan) async throws -> PlanDetailDTO {
        return try await PlanDetailDTO.load(plan, on: req.db)
    }

    @Sendable func export(req: Request, viewer: Viewer, plan: Plan) async throws -> Response {
        let text = (try? req.query.get(String.self, at: "format")) ?? "json"
        guard let format = PlanExport.Format(rawValue: text.lowercased()) else {
            throw AppError.badRequest("Định dạng \"\(text.prefix(20))\" không được hỗ trợ; dùng json, docx hoặc xlsx.")
        }
        return try await PlanExport.response(plan, format: format, on: req.db)
    }

    @Sendable func importDocument(req: Request, viewer: Viewer) async throws -> Response {
        guard viewer.mayImportPlans else { throw AppError.forbidden }
        let upload = try req.content.decode(PlanController.ImportUpload.self)
        let plan = try await PlanImport.run(file: upload.file, unitQuery: upload.unit ?? "", viewer: viewer, client: ClientConnection(req),
                                            app: req.application, db: req.db)
        return try await PlanDetailDTO.load(plan, on: req.db).encodeResponse(status: .created, for: req)
    }
}
