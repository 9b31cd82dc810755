import Vapor

func routes(_ app: Application, surveys: SurveyServices) throws {
    try app.register(collection: HealthController())
    try app.register(collection: APIController())
    try app.grouped(APITokenMiddleware()).register(collection: PlanAPIController())
    try app.grouped(APITokenMiddleware()).register(collection: ContestAPIController())

    try app.register(collection: PublicSurveyController(services: surveys))
    try app.register(collection: PublicContestController())

    let browser = app.grouped(BrowserSessionMiddleware(), CSRFMiddleware())
    try browser.register(collection: AuthController())

    let signedIn = browser.grouped(RequireLoginMiddleware())
    try signedIn.register(collection: DashboardController())
    try signedIn.register(collection: AccountController())
    try signedIn.register(collection: UnitController())
    try signedIn.register(collection: StaffCountController())
    try signedIn.register(collection: RestructuringController())
    try signedIn.register(collection: GroupController())
    try signedIn.register(collection: UserController())
    try signedIn.register(collection: AuditController())
    try signedIn.register(collection: PlanController())
    try signedIn.register(collection: PlanEditController())
    try signedIn.register(collection: BudgetController())
    try signedIn.register(collection: AssignmentController())
    try signedIn.register(collection: ContributionController())
    try signedIn.register(collection: RollupController())
    try signedIn.register(collection: ReportController())
    try signedIn.register(collection: ReportDeadlinesController())
    try signedIn.register(collection: SurveyController(services: surveys))
    try signedIn.register(collection: ContestController())
    try signedIn.register(collection: CreativeRoundController())
    try signedIn.register(collection: ContestImageController())
}
