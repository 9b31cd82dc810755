import Fluent
import SQLKit
import Vapor

/// The in-process jobs of a serving instance: the sweep of expired sessions and old login tries, and the reminders
/// (due soon, overdue, evidence rejected). One instance at a time runs them, the one holding the lease.
final class BackgroundJobs: LifecycleHandler, @unchecked Sendable {
    let holder = "\(ProcessInfo.processInfo.hostName)#\(ProcessInfo.processInfo.processIdentifier)#\(UUID().uuidString.prefix(8))"
    let interval: TimeInterval
    private var task: Task<Void, Never>?

    init(interval: TimeInterval = 300) {
        self.interval = interval
    }

    static let sweepLease = "session-sweep"

    /// One round: if this instance holds the lease, sweep. Returns whether it ran (tests call it directly).
    @discardableResult
    static func runOnce(app: Application, holder: String, interval: TimeInterval) async throws -> Bool {
        let now = app.clock.now()
        guard try await JobLeaseService.acquire(sweepLease, holder: holder, duration: interval * 2, now: now, on: app.db) else {
            return false
        }
        let swept = try await SessionService.sweep(config: app.config, now: now, on: app.db)
        if swept > 0 { app.logger.info("jobs: \(swept) expired sessions removed") }
        let restructured = try await RegistryEventService.applyDue(today: AppClock.calendarDate(now), now: now, on: app.db)
        if restructured > 0 { app.logger.info("jobs: \(restructured) registry events took effect") }
        let reminded = try await ReminderService.run(today: AppClock.calendarDate(now), now: now, mailer: app.mailer, logger: app.logger, on: app.db)
        if reminded > 0 { app.logger.info("jobs: \(reminded) reminders sent") }
        let asked = try await QuestionReminders.run(today: AppClock.calendarDate(now), now: now, mailer: app.mailer, notifier: QuestionNotifier(app: app),
                                                    logger: app.logger, on: app.db)
        if asked > 0 { app.logger.info("jobs: \(asked) question reminders sent") }
        try await SQLiteSetup.optimize(app.db)
        if let mailer = app.mailer {
            let digests = try await DigestService.run(now: now, mailer: mailer, logger: app.logger, on: app.db)
            if digests > 0 { app.logger.info("jobs: \(digests) daily digests sent") }
        }
        return true
    }

    func didBootAsync(_ app: Application) async throws {
        let holder = self.holder, interval = self.interval
        task = Task {
            while !Task.isCancelled {
                do {
                    try await Self.runOnce(app: app, holder: holder, interval: interval)
                } catch {
                    app.logger.warning("jobs: sweep failed: \(error)")
                }
                try? await Task.sleep(for: .seconds(interval))
            }
        }
    }

    func shutdownAsync(_ application: Application) async {
        task?.cancel()
        try? await JobLeaseService.release(Self.sweepLease, holder: holder, on: application.db)
    }
}
