import Fluent
import Foundation
import SQLKit
import Vapor

/// The one writer of contest answers and submissions, committing them in groups (`GroupCommit`, as for survey
/// answers), each group in one transaction by plain SQL (the saves of a group in one statement). Each caller returns
/// only after the commit that holds its own change, and learns whether it was stored: an attempt submitted meanwhile
/// (another tab) is not changed, and the caller answers 409 instead of acknowledging.
struct ContestAnswerWriter: Sendable {
    struct Item: Sendable {
        var attemptID: UUID
        var answers: String
        /// For a submission: the score, the time it counts from and the prediction.
        var submission: Submission?
    }

    struct Submission: Sendable {
        var correct: Int
        var at: Date
        var predicted: Int?
    }

    /// At most this many changes per transaction.
    static let maxBatch = 400

    private let queue: GroupCommit<Item, Bool>

    init(database: @escaping @Sendable () -> any Database) {
        queue = GroupCommit(maxBatch: Self.maxBatch) { items in await Self.commit(items, on: database()) }
    }

    /// Whether the change was stored (false: the attempt was already submitted).
    func write(_ item: Item) async throws -> Bool {
        try await queue.submit(item)
    }

    /// One transaction for `items`; when it fails, each item alone, so one bad change does not sink the others.
    private static func commit(_ items: [Item], on db: any Database) async -> [Result<Bool, any Error>] {
        do {
            let stored: [Bool] = try await db.write { db in
                guard let sql = db as? any SQLDatabase else { throw AppError.busy }
                var stored = [Bool](repeating: false, count: items.count)
                // Saves in one statement, the last save of each attempt in the group (an earlier one from another tab is
                // overtaken, as if they had come one after the other); submissions one by one.
                var last: [UUID: Int] = [:]
                for (i, item) in items.enumerated() where item.submission == nil { last[item.attemptID] = i }
                if !last.isEmpty {
                    var query: SQLQueryString = "UPDATE \(ident: ContestAttempt.schema) SET answers = CASE id"
                    for i in last.values.sorted() { query = query + " WHEN \(bind: items[i].attemptID) THEN \(bind: items[i].answers)" }
                    let ids = last.values.sorted().map { items[$0].attemptID }
                    query = query + " END WHERE submitted_at IS NULL AND id IN (\(binds: ids)) RETURNING id"
                    var saved = Set<UUID>()
                    for row in try await sql.raw(query).all() { saved.insert(try row.decode(column: "id", as: UUID.self)) }
                    for (i, item) in items.enumerated() where item.submission == nil { stored[i] = saved.contains(item.attemptID) }
                }
                for (i, item) in items.enumerated() {
                    guard let s = item.submission else { continue }
                    let rows = try await sql.update(ContestAttempt.schema).set("answers", to: item.answers)
                        .set("correct", to: s.correct).set("submitted_at", to: s.at).set("predicted", to: s.predicted)
                        .where("id", .equal, item.attemptID).where("submitted_at", .is, SQLLiteral.null).returning("id").all()
                    stored[i] = !rows.isEmpty
                }
                return stored
            }
            return stored.map { .success($0) }
        } catch {
            return await GroupCommit.eachAlone(items, after: error) { await commit($0, on: db) }
        }
    }
}

extension ContestAnswerWriter {
    /// On the embedded database the writer goes through the writer connection.
    init(app: Application) {
        let sqlite = app.databases.configuration(for: .sqliteWriter) != nil
        self.init(database: { [app] in sqlite ? app.db(.sqliteWriter) : app.db })
    }
}

extension Application {
    private struct ContestWriterKey: StorageKey { typealias Value = ContestAnswerWriter }

    /// The application's one contest answer writer, set by `configure`.
    var contestWriter: ContestAnswerWriter? {
        get { storage[ContestWriterKey.self] }
        set { storage[ContestWriterKey.self] = newValue }
    }
}
