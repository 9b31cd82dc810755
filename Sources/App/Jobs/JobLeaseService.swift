import Fluent
import SQLKit
import Vapor

/// A database lease per background job: only the instance holding it runs the job, so several
/// servers on one PostgreSQL never do the same work twice. A lease lapses if its holder dies.
enum JobLeaseService {
    /// Takes or renews the lease `name` for `holder` until `now + duration`; false when another holder has it.
    static func acquire(_ name: String, holder: String, duration: TimeInterval, now: Date, on db: any Database) async throws -> Bool {
        let until = now.addingTimeInterval(duration)
        return try await db.write { db in
            guard let sql = db as? any SQLDatabase else { return false }
            // One conditional statement: the row changes only if it is free, lapsed, or already ours.
            let taken = try await sql.update(JobLease.schema)
                .set("holder", to: holder).set("expires_at", to: until)
                .where("name", .equal, name)
                .where { $0.where("expires_at", .lessThan, now).orWhere("holder", .equal, holder) }
                .returning("name").all()
            if !taken.isEmpty { return true }
            if try await JobLease.query(on: db).filter(\.$name == name).count() > 0 { return false }
            try await JobLease(name: name, holder: holder, expiresAt: until).create(on: db)
            return true
        }
    }

    static func release(_ name: String, holder: String, on db: any Database) async throws {
        try await db.write { db in
            try await JobLease.query(on: db).filter(\.$name == name).filter(\.$holder == holder).delete()
        }
    }
}

/// The in-process jobs of a serving instance: for now the sweep of expired sessions and old login tries.
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
