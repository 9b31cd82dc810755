import Fluent
import SQLKit
import Vapor

/// A database lease per background job: only the instance holding it runs the job, so several
/// servers on one PostgreSQL never do the same work twice. A lease lapses if its holder dies.
enum JobLeaseService {
    /// Takes or renews the lease `name` for `holder` until `now + duration`; false when another holder has it.
    static func acquire(_ name: String, holder: String, duration: TimeInterval, now: Date, on db: any Database) async throws -> Bool {
        let until = now.addingTimeInterval(duration)
        do {
            return try await take(name, holder: holder, until: until, now: now, on: db)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // Two instances found no row and both inserted one (PostgreSQL runs them side by side): the other won.
            return false
        }
    }

    private static func take(_ name: String, holder: String, until: Date, now: Date, on db: any Database) async throws -> Bool {
        try await db.write { db in
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
