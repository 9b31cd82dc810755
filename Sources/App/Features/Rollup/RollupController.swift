import Vapor

/// The year's results over the viewer's units (`/rollup`): completion per unit, months, channels, kinds, overdue work
/// and units without activity, with the history of predecessors cut at the day their work passed on.
struct RollupController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.rollup, use: rollup)
    }

    @Sendable func rollup(req: Request, viewer: Viewer) async throws -> Response {
        let today = req.application.clock.today()
        let year = req.queryYear
        let page = try await RollupPage.load(viewer: viewer, year: year, today: today, on: req.db)
        return try await req.render("work/rollup", title: "Tổng hợp kết quả năm \(year)", section: "rollup", page)
    }
}
