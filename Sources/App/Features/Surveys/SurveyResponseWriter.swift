import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// The one writer of survey answers, committing them in groups.
///
/// A public survey can get thousands of answers a minute, each of which must be on disk before the respondent is
/// told it arrived. One transaction per answer spends the server on commits; here every answer that arrives while
/// a commit is under way waits for the next one, and all of them go in as one multi-row statement in one
/// transaction (SQLKit, not Fluent models: no reflection on the hot path). Each caller returns only after the
/// commit that holds its own answer, so a 201 always means durable (`GroupCommit`). Saving again under the same key
/// updates a partial response; a complete one is never overwritten (one response per invitation, per browser).
struct SurveyResponseWriter: Sendable {
    struct Item: Sendable {
        var surveyID: UUID
        var unitID: UUID?
        var clientKey: String
        var answers: String
        var complete: Bool
        var source: SurveyResponse.Source
        var enteredBy: String?
        var at: Date
        /// For an answer a person enters for someone else (a paper form): the audit entry, written in the answer's own
        /// transaction (such answers are not batched).
        var audit: EnteredBy? = nil
    }

    struct EnteredBy: Sendable {
        var actor: AuditActor
        var summary: String
    }

    enum Outcome: Sendable, Equatable {
        case saved
        /// The key already holds a complete response; nothing changed.
        case alreadyComplete
    }

    /// At most this many answers per statement (SQLite allows 32,766 parameters; 11 per row).
    static let maxBatch = 400

    private let queue: GroupCommit<Item, Outcome>

    init(database: @escaping @Sendable () -> any Database) {
        queue = GroupCommit(maxBatch: Self.maxBatch) { items in await Self.commit(items, on: database()) }
    }

    func save(_ item: Item) async throws -> Outcome {
        try await queue.submit(item)
    }

    /// Commits made and answers written, for the load benchmark's report.
    var commits: Int { get async { await queue.commits } }
    var written: Int { get async { await queue.written } }

    /// One transaction for `items`; when it fails (a survey deleted meanwhile, say), each item alone, so one bad
    /// answer does not sink the others.
    private static func commit(_ items: [Item], on db: any Database) async -> [Result<Outcome, any Error>] {
        if items.contains(where: { $0.audit != nil }), items.count > 1 {
            var results: [Result<Outcome, any Error>] = []
            for item in items { results += await commit([item], on: db) }
            return results
        }
        if let item = items.first, let entered = item.audit {
            do {
                let (saved, _) = try await db.audited(by: entered.actor, at: item.at) { db, audit in
                    let written = try await insert([item], on: db)
                    if !written.saved.isEmpty {
                        try await audit.record(.create, .surveyResponse, id: nil, unit: item.unitID, summary: entered.summary)
                    }
                    return written
                }
                return [.success(saved.isEmpty ? .alreadyComplete : .saved)]
            } catch {
                return [.failure(error)]
            }
        }
        do {
            let (saved, refused) = try await db.write { db in try await insert(items, on: db) }
            return items.indices.map { i in
                .success(!refused.contains(i) && saved.contains(items[i].clientKey + "\u{0}" + items[i].surveyID.uuidString) ? .saved : .alreadyComplete)
            }
        } catch {
            return await GroupCommit.eachAlone(items, after: error) { await commit($0, on: db) }
        }
    }

    /// Inserts or updates the items' rows; returns the keys (client key, NUL, survey id) that were written, and the
    /// items refused within the batch: an answer under a key that an earlier item of the same batch completed (two
    /// posts of one invitation code at the same instant: the first is the response, the second a 409).
    private static func insert(_ items: [Item], on db: any Database) async throws -> (saved: Set<String>, refused: Set<Int>) {
        guard let sql = db as? any SQLDatabase else { throw AppError.busy }
        // The same key twice in one statement is not allowed (PostgreSQL): a later partial save replaces an earlier
        // one, a complete one ends the key for the rest of the batch.
        var chosen: [String: Item] = [:]
        var order: [String] = []
        var refused = Set<Int>()
        for (i, item) in items.enumerated() {
            let key = item.clientKey + "\u{0}" + item.surveyID.uuidString
            if let before = chosen[key] {
                if before.complete { refused.insert(i) } else { chosen[key] = item }
            } else {
                chosen[key] = item
                order.append(key)
            }
        }
        let insert = sql.insert(into: SurveyResponse.schema)
            .columns("id", "survey_id", "unit_id", "client_key", "answers", "status", "source", "entered_by", "created_at", "updated_at", "completed_at")
        for key in order {
            guard let item = chosen[key] else { continue }
            let status = item.complete ? SurveyResponse.Status.complete : .partial
            insert.values([UUID(), item.surveyID, item.unitID, item.clientKey, item.answers, status.rawValue, item.source.rawValue,
                           item.enteredBy, item.at, item.at, item.complete ? item.at : nil] as [any Encodable & Sendable])
        }
        let rows = try await insert
            .onConflict(with: ["survey_id", "client_key"]) { update in
                update.set(excludedValueOf: "answers")
                    .set(excludedValueOf: "status")
                    .set(excludedValueOf: "source")
                    .set(excludedValueOf: "entered_by")
                    .set(excludedValueOf: "updated_at")
                    .set(excludedValueOf: "completed_at")
                    .set("unit_id", to: SQLFunction("COALESCE", args: SQLExcludedColumn("unit_id"), SQLColumn("unit_id", table: SurveyResponse.schema)))
                    .where(SQLColumn("status", table: SurveyResponse.schema), .notEqual, SQLLiteral.string(SurveyResponse.Status.complete.rawValue))
            }
            .returning("client_key", "survey_id")
            .all()
        var saved = Set<String>()
        for row in rows {
            saved.insert(try row.decode(column: "client_key", as: String.self) + "\u{0}" + (try row.decode(column: "survey_id", as: UUID.self)).uuidString)
        }
        return (saved, refused)
    }
}

/// The survey collaborators one application shares: the one answer writer, the cache of public survey pages and the
/// per-address limiter. Made once in `configure` and handed to the controllers that use them.
struct SurveyServices: Sendable {
    let writer: SurveyResponseWriter
    let cache: PublicSurveyCache
    let limiter: SurveyRateLimiter

    /// On the embedded database the writer goes through the writer connections.
    init(app: Application) {
        let sqlite = app.databases.configuration(for: .sqliteWriter) != nil
        writer = SurveyResponseWriter(database: { [app] in sqlite ? app.db(.sqliteWriter) : app.db })
        cache = PublicSurveyCache()
        limiter = SurveyRateLimiter()
    }
}

extension Application {
    private struct SurveyServicesKey: StorageKey { typealias Value = SurveyServices }

    /// Set once by `configure` (for commands, benches and tests that reach the writer without a request).
    var surveyServices: SurveyServices? {
        get { storage[SurveyServicesKey.self] }
        set { storage[SurveyServicesKey.self] = newValue }
    }
}
