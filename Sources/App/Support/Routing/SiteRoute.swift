import Vapor

/// One page, form target or API path of the application. Every route is declared once in `SiteRoute.all`;
/// controllers register their handlers by it, redirects build their locations from it, and templates their
/// links (`#path("unitEdit", unit.id)`). A test checks that the running application serves exactly this list
/// and that no template writes a path by hand.
struct SiteRoute: Sendable, CustomStringConvertible {
    /// The name templates use; the same as the static property.
    let name: String
    let method: HTTPMethod
    /// "/units/:unitID/edit": literal segments and `:parameter` segments.
    let pattern: String

    init(_ name: String, _ method: HTTPMethod, _ pattern: String) {
        self.name = name
        self.method = method
        self.pattern = pattern
    }

    var components: [PathComponent] {
        pattern.split(separator: "/").map { PathComponent(stringLiteral: String($0)) }
    }

    /// "GET /units/:unitID", as `app.routes.all` describes a route.
    var description: String { "\(method.rawValue) \(pattern)" }

    /// The path with each `:parameter` replaced, in order, by `values` (percent-encoded as a path segment).
    /// Missing values leave the segment empty, which no route matches: a wrong call shows as a 404, never a crash.
    func path(_ values: [String]) -> String {
        var remaining = values[...]
        let segments = pattern.split(separator: "/").map { segment -> String in
            guard segment.hasPrefix(":") else { return String(segment) }
            let value = remaining.popFirst() ?? ""
            return value.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? ""
        }
        return "/" + segments.joined(separator: "/")
    }

    func path(_ values: any CustomStringConvertible...) -> String {
        path(values.map { ($0 as? UUID)?.uuidString ?? $0.description })
    }
}

extension SiteRoute {
    // Health and the API.
    static let health = SiteRoute("health", .GET, "/healthz")
    static let apiDescription = SiteRoute("apiDescription", .GET, "/api/v1/openapi.json")
    static let apiMe = SiteRoute("apiMe", .GET, "/api/v1/me")
    static let apiUnits = SiteRoute("apiUnits", .GET, "/api/v1/units")
    static let apiUnit = SiteRoute("apiUnit", .GET, "/api/v1/units/:unitID")
    static let apiUnitChildren = SiteRoute("apiUnitChildren", .GET, "/api/v1/units/:unitID/children")
    static let apiGroupMembers = SiteRoute("apiGroupMembers", .GET, "/api/v1/groups/:groupID/members")

    // Signing in and out.
    static let login = SiteRoute("login", .GET, "/login")
    static let loginSubmit = SiteRoute("loginSubmit", .POST, "/login")
    static let logout = SiteRoute("logout", .POST, "/logout")

    // The dashboard, the log and one's own account.
    static let home = SiteRoute("home", .GET, "/")
    static let audit = SiteRoute("audit", .GET, "/audit")
    static let account = SiteRoute("account", .GET, "/account")
    static let accountPassword = SiteRoute("accountPassword", .POST, "/account/password")
    static let accountTokenCreate = SiteRoute("accountTokenCreate", .POST, "/account/tokens")
    static let accountTokenRevoke = SiteRoute("accountTokenRevoke", .POST, "/account/tokens/:tokenID/revoke")
    static let accountNoticesRead = SiteRoute("accountNoticesRead", .POST, "/account/notices/read")

    // The registry.
    static let units = SiteRoute("units", .GET, "/units")
    static let unitSearch = SiteRoute("unitSearch", .GET, "/units/search")
    static let unitsCSV = SiteRoute("unitsCSV", .GET, "/units/export.csv")
    static let unitsXLSX = SiteRoute("unitsXLSX", .GET, "/units/export.xlsx")
    static let unitNew = SiteRoute("unitNew", .GET, "/units/new")
    static let unitCreate = SiteRoute("unitCreate", .POST, "/units")
    static let unitImport = SiteRoute("unitImport", .GET, "/units/import")
    static let unitImportSubmit = SiteRoute("unitImportSubmit", .POST, "/units/import")
    static let unit = SiteRoute("unit", .GET, "/units/:unitID")
    static let unitEdit = SiteRoute("unitEdit", .GET, "/units/:unitID/edit")
    static let unitUpdate = SiteRoute("unitUpdate", .POST, "/units/:unitID")
    static let unitRetire = SiteRoute("unitRetire", .GET, "/units/:unitID/retire")
    static let unitRetireSubmit = SiteRoute("unitRetireSubmit", .POST, "/units/:unitID/retire")
    static let unitContact = SiteRoute("unitContact", .GET, "/units/:unitID/contact")
    static let unitContactSubmit = SiteRoute("unitContactSubmit", .POST, "/units/:unitID/contact")
    static let unitUsers = SiteRoute("unitUsers", .GET, "/units/:unitID/users")
    static let unitStaff = SiteRoute("unitStaff", .GET, "/units/:unitID/staff")
    static let unitStaffSubmit = SiteRoute("unitStaffSubmit", .POST, "/units/:unitID/staff")
    static let staffImport = SiteRoute("staffImport", .GET, "/units/staff-import")
    static let staffImportSubmit = SiteRoute("staffImportSubmit", .POST, "/units/staff-import")

    // Restructuring: registry events and tables of them.
    static let registryEvents = SiteRoute("registryEvents", .GET, "/registry/events")
    static let registryEventUndo = SiteRoute("registryEventUndo", .POST, "/registry/events/:eventID/undo")
    static let registryEventNew = SiteRoute("registryEventNew", .GET, "/registry/events/new")
    static let registryEventCreate = SiteRoute("registryEventCreate", .POST, "/registry/events")
    static let restructure = SiteRoute("restructure", .GET, "/registry/restructure")
    static let restructureSubmit = SiteRoute("restructureSubmit", .POST, "/registry/restructure")

    // Groups of units.
    static let groupNew = SiteRoute("groupNew", .GET, "/groups/new")
    static let groupCreate = SiteRoute("groupCreate", .POST, "/groups")
    static let group = SiteRoute("group", .GET, "/groups/:groupID")
    static let groupEdit = SiteRoute("groupEdit", .GET, "/groups/:groupID/edit")
    static let groupUpdate = SiteRoute("groupUpdate", .POST, "/groups/:groupID")
    static let groupCSV = SiteRoute("groupCSV", .GET, "/groups/:groupID/members.csv")
    static let groupXLSX = SiteRoute("groupXLSX", .GET, "/groups/:groupID/members.xlsx")

    // Accounts.
    static let users = SiteRoute("users", .GET, "/users")
    static let userNew = SiteRoute("userNew", .GET, "/users/new")
    static let userCreate = SiteRoute("userCreate", .POST, "/users")
    static let userEdit = SiteRoute("userEdit", .GET, "/users/:userID/edit")
    static let userUpdate = SiteRoute("userUpdate", .POST, "/users/:userID")
    static let userPassword = SiteRoute("userPassword", .GET, "/users/:userID/password")
    static let userPasswordSubmit = SiteRoute("userPasswordSubmit", .POST, "/users/:userID/password")
    static let userActive = SiteRoute("userActive", .GET, "/users/:userID/active")
    static let userActiveSubmit = SiteRoute("userActiveSubmit", .POST, "/users/:userID/active")
    static let userTokens = SiteRoute("userTokens", .GET, "/users/:userID/tokens")
    static let userTokenRevoke = SiteRoute("userTokenRevoke", .POST, "/users/:userID/tokens/:tokenID/revoke")

    // Plans.
    static let plans = SiteRoute("plans", .GET, "/plans")
    static let myWork = SiteRoute("myWork", .GET, "/work")
    static let planImport = SiteRoute("planImport", .GET, "/plans/import")
    static let planImportSubmit = SiteRoute("planImportSubmit", .POST, "/plans/import")
    static let plan = SiteRoute("plan", .GET, "/plans/:planID")
    static let planUnits = SiteRoute("planUnits", .GET, "/plans/:planID/units")
    static let planUnitsSubmit = SiteRoute("planUnitsSubmit", .POST, "/plans/:planID/units")
    static let planIssue = SiteRoute("planIssue", .GET, "/plans/:planID/issue")
    static let planIssueSubmit = SiteRoute("planIssueSubmit", .POST, "/plans/:planID/issue")
    static let planEdit = SiteRoute("planEdit", .GET, "/plans/:planID/edit")
    static let planUpdate = SiteRoute("planUpdate", .POST, "/plans/:planID")
    static let taskNew = SiteRoute("taskNew", .GET, "/plans/:planID/tasks/new")
    static let taskCreate = SiteRoute("taskCreate", .POST, "/plans/:planID/tasks")
    static let taskEdit = SiteRoute("taskEdit", .GET, "/plans/:planID/tasks/:taskID/edit")
    static let taskUpdate = SiteRoute("taskUpdate", .POST, "/plans/:planID/tasks/:taskID")
    static let taskMove = SiteRoute("taskMove", .POST, "/plans/:planID/tasks/:taskID/move")
    static let taskDelete = SiteRoute("taskDelete", .POST, "/plans/:planID/tasks/:taskID/delete")
    static let timeframePreview = SiteRoute("timeframePreview", .GET, "/plans/timeframe")
    static let planDerive = SiteRoute("planDerive", .POST, "/plans/:planID/derive")
    static let planBudget = SiteRoute("planBudget", .GET, "/plans/:planID/budget")
    static let budgetEstimate = SiteRoute("budgetEstimate", .POST, "/plans/:planID/budget")
    static let budgetFinance = SiteRoute("budgetFinance", .POST, "/plans/:planID/budget/finance")
    static let budgetReview = SiteRoute("budgetReview", .POST, "/plans/:planID/budget/:estimateID/review")
    static let planTimeline = SiteRoute("planTimeline", .GET, "/plans/:planID/timeline")
    static let planJSON = SiteRoute("planJSON", .GET, "/plans/:planID/export.json")
    static let planDOCX = SiteRoute("planDOCX", .GET, "/plans/:planID/export.docx")
    static let planXLSX = SiteRoute("planXLSX", .GET, "/plans/:planID/export.xlsx")
    static let planAssignmentsCSV = SiteRoute("planAssignmentsCSV", .GET, "/plans/:planID/assignments.csv")
    static let apiPlans = SiteRoute("apiPlans", .GET, "/api/v1/plans")
    static let apiPlanImport = SiteRoute("apiPlanImport", .POST, "/api/v1/plans/import")
    static let apiPlan = SiteRoute("apiPlan", .GET, "/api/v1/plans/:planID")
    static let apiPlanExport = SiteRoute("apiPlanExport", .GET, "/api/v1/plans/:planID/export")
    static let apiContests = SiteRoute("apiContests", .GET, "/api/v1/contests")
    static let apiContestResults = SiteRoute("apiContestResults", .GET, "/api/v1/contests/:contestID/results")

    // Work on assignments.
    static let assignment = SiteRoute("assignment", .GET, "/assignments/:assignmentID")
    static let activityCreate = SiteRoute("activityCreate", .POST, "/assignments/:assignmentID/activities")
    static let assignmentDone = SiteRoute("assignmentDone", .POST, "/assignments/:assignmentID/done")
    static let assignmentCancel = SiteRoute("assignmentCancel", .POST, "/assignments/:assignmentID/cancel")
    static let activityReview = SiteRoute("activityReview", .POST, "/activities/:activityID/review")
    static let evidence = SiteRoute("evidence", .GET, "/evidence/:fileID")
    static let rollup = SiteRoute("rollup", .GET, "/rollup")
    static let contribution = SiteRoute("contribution", .GET, "/plans/:planID/tasks/:taskID/contribution")
    static let contributionCreate = SiteRoute("contributionCreate", .POST, "/plans/:planID/tasks/:taskID/contribution")

    // Periodic reports.
    static let reports = SiteRoute("reports", .GET, "/reports")
    static let reportDeadlines = SiteRoute("reportDeadlines", .GET, "/reports/deadlines")
    static let reportDeadlinesSave = SiteRoute("reportDeadlinesSave", .POST, "/reports/deadlines")
    static let report = SiteRoute("report", .GET, "/reports/:unitID/:year/:period")
    static let reportSave = SiteRoute("reportSave", .POST, "/reports/:unitID/:year/:period")
    static let reportSubmit = SiteRoute("reportSubmit", .POST, "/reports/:unitID/:year/:period/submit")
    static let reportReview = SiteRoute("reportReview", .POST, "/reports/:unitID/:year/:period/review")
    static let reportRemind = SiteRoute("reportRemind", .POST, "/reports/:unitID/:year/:period/remind")
    static let reportDOCX = SiteRoute("reportDOCX", .GET, "/reports/:unitID/:year/:period/docx")
    static let reportXLSX = SiteRoute("reportXLSX", .GET, "/reports/:unitID/:year/:period/xlsx")

    // Surveys and the indicators they measure.
    static let surveys = SiteRoute("surveys", .GET, "/surveys")
    static let surveyNew = SiteRoute("surveyNew", .GET, "/surveys/new")
    static let surveyCreate = SiteRoute("surveyCreate", .POST, "/surveys")
    static let survey = SiteRoute("survey", .GET, "/surveys/:surveyID")
    static let surveyEdit = SiteRoute("surveyEdit", .GET, "/surveys/:surveyID/edit")
    static let surveyUpdate = SiteRoute("surveyUpdate", .POST, "/surveys/:surveyID")
    static let surveyPopulations = SiteRoute("surveyPopulations", .POST, "/surveys/:surveyID/populations")
    static let surveyInvite = SiteRoute("surveyInvite", .POST, "/surveys/:surveyID/invitations")
    static let surveyInvitationsCSV = SiteRoute("surveyInvitationsCSV", .GET, "/surveys/:surveyID/invitations.csv")
    static let surveyPaper = SiteRoute("surveyPaper", .GET, "/surveys/:surveyID/paper")
    static let surveyPaperSubmit = SiteRoute("surveyPaperSubmit", .POST, "/surveys/:surveyID/paper")
    static let surveyCSV = SiteRoute("surveyCSV", .GET, "/surveys/:surveyID/responses.csv")
    static let surveyXLSX = SiteRoute("surveyXLSX", .GET, "/surveys/:surveyID/responses.xlsx")
    static let surveyQR = SiteRoute("surveyQR", .GET, "/surveys/:surveyID/qr.svg")
    static let planIndicators = SiteRoute("planIndicators", .GET, "/plans/:planID/indicators")
    static let surveyPublic = SiteRoute("surveyPublic", .GET, "/s/:code")
    static let surveyAnswer = SiteRoute("surveyAnswer", .POST, "/s/:code")
    static let surveyAutosave = SiteRoute("surveyAutosave", .POST, "/s/:code/save")

    // Contests.
    static let contests = SiteRoute("contests", .GET, "/contests")
    static let contestNew = SiteRoute("contestNew", .GET, "/contests/new")
    static let contestCreate = SiteRoute("contestCreate", .POST, "/contests")
    static let contest = SiteRoute("contest", .GET, "/contests/:contestID")
    static let contestQuestions = SiteRoute("contestQuestions", .POST, "/contests/:contestID/questions")
    static let contestQuestionsFile = SiteRoute("contestQuestionsFile", .POST, "/contests/:contestID/questions/file")
    static let contestRoundCreate = SiteRoute("contestRoundCreate", .POST, "/contests/:contestID/rounds")
    static let contestPublish = SiteRoute("contestPublish", .POST, "/contests/:contestID/publish")
    static let contestResultsXLSX = SiteRoute("contestResultsXLSX", .GET, "/contests/:contestID/results.xlsx")
    static let contestNotice = SiteRoute("contestNotice", .GET, "/contests/:contestID/rounds/:round/notice.docx")
    static let contestQR = SiteRoute("contestQR", .GET, "/contests/:contestID/qr.svg")
    static let contestCreativeRoundCreate = SiteRoute("contestCreativeRoundCreate", .POST, "/contests/:contestID/rounds/creative")
    static let contestEntries = SiteRoute("contestEntries", .GET, "/contests/:contestID/rounds/:round/entries")
    static let contestEntrySave = SiteRoute("contestEntrySave", .POST, "/contests/:contestID/rounds/:round/entries")
    static let contestEntryFile = SiteRoute("contestEntryFile", .GET, "/contests/:contestID/rounds/:round/entries/:entryID/file")
    static let contestJudging = SiteRoute("contestJudging", .GET, "/contests/:contestID/rounds/:round/judging")
    static let contestScore = SiteRoute("contestScore", .POST, "/contests/:contestID/rounds/:round/judging/:entryID")
    static let contestPublic = SiteRoute("contestPublic", .GET, "/thi/:code")
    static let contestStart = SiteRoute("contestStart", .POST, "/thi/:code/start")
    static let contestAttempt = SiteRoute("contestAttempt", .GET, "/thi/:code/bai")
    static let contestSave = SiteRoute("contestSave", .POST, "/thi/:code/luu")
    static let contestSubmit = SiteRoute("contestSubmit", .POST, "/thi/:code/nop")
    static let contestImage = SiteRoute("contestImage", .GET, "/thi/:code/anh/:number")
    static let contestQuestionImage = SiteRoute("contestQuestionImage", .POST, "/contests/:contestID/questions/image")

    // Citizens' questions: the public page, and the staff's queue, answers and settings.
    static let questionPublic = SiteRoute("questionPublic", .GET, "/hoi-dap")
    static let questionAsk = SiteRoute("questionAsk", .POST, "/hoi-dap")
    static let questionPublicOne = SiteRoute("questionPublicOne", .GET, "/hoi-dap/:code")
    static let questions = SiteRoute("questions", .GET, "/questions")
    static let questionNew = SiteRoute("questionNew", .GET, "/questions/new")
    static let questionCreate = SiteRoute("questionCreate", .POST, "/questions")
    static let questionSettings = SiteRoute("questionSettings", .GET, "/questions/settings")
    static let questionSettingsSave = SiteRoute("questionSettingsSave", .POST, "/questions/settings")
    static let question = SiteRoute("question", .GET, "/questions/:questionID")
    static let questionAttachment = SiteRoute("questionAttachment", .GET, "/questions/:questionID/attachment")
    static let questionForward = SiteRoute("questionForward", .POST, "/questions/:questionID/forward")
    static let questionDraft = SiteRoute("questionDraft", .POST, "/questions/:questionID/answer")
    static let questionApprove = SiteRoute("questionApprove", .POST, "/questions/:questionID/approve")
    static let questionReturn = SiteRoute("questionReturn", .POST, "/questions/:questionID/return")
    static let apiQuestionFigures = SiteRoute("apiQuestionFigures", .GET, "/api/v1/questions/figures")
    static let dialogues = SiteRoute("dialogues", .GET, "/dialogues")
    static let dialogueCreate = SiteRoute("dialogueCreate", .POST, "/dialogues")
    static let dialogue = SiteRoute("dialogue", .GET, "/dialogues/:dialogueID")
    static let dialogueQuestion = SiteRoute("dialogueQuestion", .POST, "/dialogues/:dialogueID/questions")
    static let radioColumns = SiteRoute("radioColumns", .GET, "/questions/radio")
    static let radioColumnCreate = SiteRoute("radioColumnCreate", .POST, "/questions/radio")
    static let radioColumn = SiteRoute("radioColumn", .GET, "/questions/radio/:columnID")
    static let radioColumnSave = SiteRoute("radioColumnSave", .POST, "/questions/radio/:columnID")
    static let radioColumnDOCX = SiteRoute("radioColumnDOCX", .GET, "/questions/radio/:columnID/script.docx")
    static let radioColumnBroadcast = SiteRoute("radioColumnBroadcast", .POST, "/questions/radio/:columnID/broadcast")
    // Scoring the communication criterion of the reform index.
    static let scoring = SiteRoute("scoring", .GET, "/scoring")
    static let scoringNew = SiteRoute("scoringNew", .GET, "/scoring/new")
    static let scoringCreate = SiteRoute("scoringCreate", .POST, "/scoring")
    static let scoringRule = SiteRoute("scoringRule", .GET, "/scoring/:ruleID")
    static let scoringEdit = SiteRoute("scoringEdit", .GET, "/scoring/:ruleID/edit")
    static let scoringUpdate = SiteRoute("scoringUpdate", .POST, "/scoring/:ruleID/edit")
    static let scoringCompute = SiteRoute("scoringCompute", .POST, "/scoring/:ruleID/compute")
    static let scoringApprove = SiteRoute("scoringApprove", .POST, "/scoring/:ruleID/approve")
    static let scoringCopy = SiteRoute("scoringCopy", .POST, "/scoring/:ruleID/copy")
    static let scoringXLSX = SiteRoute("scoringXLSX", .GET, "/scoring/:ruleID/table.xlsx")
    static let scoringDOCX = SiteRoute("scoringDOCX", .GET, "/scoring/:ruleID/table.docx")
    static let scoreSheet = SiteRoute("scoreSheet", .GET, "/scoring/sheets/:sheetID")
    static let scoreSheetPropose = SiteRoute("scoreSheetPropose", .POST, "/scoring/sheets/:sheetID/propose")
    static let scoreSheetAppraise = SiteRoute("scoreSheetAppraise", .POST, "/scoring/sheets/:sheetID/appraise")
    static let apiScoringRules = SiteRoute("apiScoringRules", .GET, "/api/v1/scoring")
    static let apiScoringTable = SiteRoute("apiScoringTable", .GET, "/api/v1/scoring/:ruleID")
    static let apiScoreSheet = SiteRoute("apiScoreSheet", .GET, "/api/v1/scoring/sheets/:sheetID")

    static let all: [SiteRoute] = [
        health, apiDescription, apiMe, apiUnits, apiUnit, apiUnitChildren, apiGroupMembers,
        login, loginSubmit, logout,
        home, audit, account, accountPassword, accountTokenCreate, accountTokenRevoke, accountNoticesRead,
        units, unitSearch, unitsCSV, unitsXLSX, unitNew, unitCreate, unitImport, unitImportSubmit, unit, unitEdit, unitUpdate,
        unitRetire, unitRetireSubmit, unitContact, unitContactSubmit, unitUsers,
        unitStaff, unitStaffSubmit, staffImport, staffImportSubmit,
        registryEvents, registryEventUndo, registryEventNew, registryEventCreate, restructure, restructureSubmit,
        groupNew, groupCreate, group, groupEdit, groupUpdate, groupCSV, groupXLSX,
        users, userNew, userCreate, userEdit, userUpdate, userPassword, userPasswordSubmit, userActive, userActiveSubmit,
        userTokens, userTokenRevoke,
        plans, myWork, planImport, planImportSubmit, plan, planUnits, planUnitsSubmit, planIssue, planIssueSubmit, planEdit, planUpdate, taskNew, taskCreate, taskEdit, taskUpdate, taskMove, taskDelete,
        timeframePreview, planDerive, planBudget, budgetEstimate, budgetFinance, budgetReview, planTimeline, planJSON, planDOCX, planXLSX, planAssignmentsCSV,
        apiPlans, apiPlanImport, apiPlan, apiPlanExport, apiContests, apiContestResults,
        assignment, activityCreate, assignmentDone, assignmentCancel, activityReview, evidence, contribution, contributionCreate, rollup,
        reports, reportDeadlines, reportDeadlinesSave, report, reportSave, reportSubmit, reportReview, reportRemind, reportDOCX, reportXLSX,
        surveys, surveyNew, surveyCreate, survey, surveyEdit, surveyUpdate, surveyPopulations, surveyInvite, surveyInvitationsCSV,
        surveyPaper, surveyPaperSubmit, surveyCSV, surveyXLSX, surveyQR, planIndicators, surveyPublic, surveyAnswer, surveyAutosave,
        contests, contestNew, contestCreate, contest, contestQuestions, contestQuestionsFile, contestRoundCreate, contestPublish, contestResultsXLSX, contestNotice, contestQR,
        contestCreativeRoundCreate, contestEntries, contestEntrySave, contestEntryFile, contestJudging, contestScore,
        contestPublic, contestStart, contestAttempt, contestSave, contestSubmit, contestImage, contestQuestionImage,
        questionPublic, questionAsk, questionPublicOne, questions, questionNew, questionCreate, questionSettings, questionSettingsSave,
        question, questionAttachment, questionForward, questionDraft, questionApprove, questionReturn, apiQuestionFigures,
        dialogues, dialogueCreate, dialogue, dialogueQuestion,
        radioColumns, radioColumnCreate, radioColumn, radioColumnSave, radioColumnDOCX, radioColumnBroadcast,
        scoring, scoringNew, scoringCreate, scoringRule, scoringEdit, scoringUpdate, scoringCompute, scoringApprove, scoringCopy,
        scoringXLSX, scoringDOCX, scoreSheet, scoreSheetPropose, scoreSheetAppraise, apiScoringRules, apiScoringTable, apiScoreSheet,
    ]

    /// By name, for templates.
    static let named: [String: SiteRoute] = Dictionary(all.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
}

extension RoutesBuilder {
    /// Registers `handler` for `route`.
    @discardableResult
    func on<Response: AsyncResponseEncodable>(_ route: SiteRoute,
                                              use handler: @escaping @Sendable (Request) async throws -> Response) -> Route {
        on(route.method, route.components, use: handler)
    }

    /// Registers `handler` for `route`, collecting a body of at most `maxBody` (a public form needs far less than an upload).
    @discardableResult
    func on<Response: AsyncResponseEncodable>(_ route: SiteRoute, maxBody: ByteCount,
                                              use handler: @escaping @Sendable (Request) async throws -> Response) -> Route {
        on(route.method, route.components, body: .collect(maxSize: maxBody), use: handler)
    }
}

extension Request {
    /// A 303 to `route` (after a form post: the browser follows with a GET).
    func redirect(to route: SiteRoute, _ values: any CustomStringConvertible...) -> Response {
        redirect(to: route.path(values.map { ($0 as? UUID)?.uuidString ?? $0.description }))
    }
}
