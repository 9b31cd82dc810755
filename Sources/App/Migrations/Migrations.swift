import Fluent
import Vapor

/// Every migration, in order. Never edit one that has landed; add a new one.
enum Migrations {
    static func register(on app: Application) {
        app.migrations.add(CreateUnits())
        app.migrations.add(CreateUnitGroups())
        app.migrations.add(CreateUsers())
        app.migrations.add(CreateSecurityLogs())
        app.migrations.add(SessionRecord.migration)
        app.migrations.add(CreateIndexes())
        app.migrations.add(CreateUserSessions())
        app.migrations.add(HardenLoginsAndTokens())
        app.migrations.add(AddAuditUnit())
        app.migrations.add(AddGroupListsAndValidity())
        app.migrations.add(StoreValidityAsDates())
        app.migrations.add(CreatePlans())
        app.migrations.add(CreateCostEstimates())
        app.migrations.add(CreateActivities())
        app.migrations.add(CreateRemindersSent())
        app.migrations.add(CreateRegistryEvents())
        app.migrations.add(CreateRollupTallies())
        app.migrations.add(AddScaleIndexes())
        app.migrations.add(CreateReports())
        app.migrations.add(CreateSurveys())
        app.migrations.add(CreateContests())
        app.migrations.add(CreateRateLimits())
        app.migrations.add(AddContestAudiences())
        app.migrations.add(CreateUnitStaffCounts())
        app.migrations.add(AddContestActivities())
        app.migrations.add(AddCreativeRounds())
        app.migrations.add(CreateCitizenQuestions())
        app.migrations.add(CreateRadioColumns())
        app.migrations.add(CreateScoring())
        app.migrations.add(AddVerifiedActivityIndex())
    }
}
