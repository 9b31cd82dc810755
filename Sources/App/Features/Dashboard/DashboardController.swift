import Fluent
import Vapor
import Domain

struct DashboardController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.home, use: index)
    }

    @Sendable func index(req: Request, viewer: Viewer) async throws -> Response {
        let rootID = viewer.unit.ancestorIDs.first
        let root = try await Unit.find(rootID, on: req.db)
        let unitsInScope = try await Unit.query(on: req.db).visible(to: viewer).count()
        let accounts = try await User.query(on: req.db).visible(to: viewer).count()
        let recent = try await AuditService.search(on: req.db, viewer: viewer, filter: .init(), limit: 8).map {
            AuditRow(at: AppClock.display($0.at), actor: $0.actorName,
                     action: $0.action.label, entityType: $0.entityType.label,
                     entityID: $0.entityID, summary: $0.summary, changes: [])
        }
        let notices = try await NoticeService.unread(for: try viewer.user.requireID(), on: req.db)
        let page = DashboardPage(rootName: root?.name ?? viewer.unit.name, unitName: viewer.unit.name,
                                 unitID: viewer.unit.id?.uuidString ?? "", unitsInScope: unitsInScope,
                                 accountsInScope: accounts, recent: recent, notices: notices)
        return try await req.render("dashboard/index", title: "Tổng quan", section: "home", page)
    }
}
