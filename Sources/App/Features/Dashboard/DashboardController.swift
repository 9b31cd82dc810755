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
        var page = DashboardPage(rootName: root?.name ?? viewer.unit.name, unitName: viewer.unit.name,
                                 unitID: viewer.unit.id?.uuidString ?? "", unitsInScope: unitsInScope,
                                 accountsInScope: accounts, recent: recent, notices: notices)
        page.toEnter = try await ContestController.openCreativeRounds(req, viewer)
        page.toJudge = try await ContestController.roundsToJudge(req, viewer)
        let today = req.application.clock.today()
        if let january = CalendarDate(year: today.year, month: 1, day: 1) {
            page.contests = try await ContestService.reportLines(unit: viewer.unit, from: january, to: today, now: req.now, on: req.db)
                .reversed().prefix(10).map { .init(closes: $0.closes.display, text: $0.text) }
        }
        let figures = try await QuestionFigures.compute(scope: viewer.scope(.read), year: today.year, today: today, on: req.db)
        page.questions = figures.total.received > 0 ? figures.total : nil
        func line(_ q: CitizenQuestion) throws -> DashboardPage.QuestionLine {
            .init(id: try q.requireID(), code: q.code, due: q.dueOn.display, overdue: q.dueOn < today, text: String(q.text.prefix(120)))
        }
        page.toAnswer = try await CitizenQuestion.query(on: req.db).within(viewer.scope(.edit)).filter(\.$status == .open)
            .sort(\.$dueOn).limit(5).all().map(line)
        if viewer.role == .leader || viewer.isAdmin {
            page.toApprove = try await CitizenQuestion.query(on: req.db).visible(to: viewer).filter(\.$status == .awaitingApproval).with(\.$unit)
                .sort(\.$dueOn).limit(20).all().filter { QuestionService.mayApprove(viewer, $0) }.prefix(5).map(line)
        }
        return try await req.render("dashboard/index", title: "Tổng quan", section: "home", page)
    }
}
