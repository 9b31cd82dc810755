import Foundation

/// Commits items in groups. Every item that arrives while a commit is under way waits for the next one, and the next
/// commit takes all of them (up to `maxBatch`); each caller returns only after the commit that holds its own item, with
/// that item's outcome. One transaction per group instead of one per item is what lets a burst of answers (a survey
/// drive, a contest's launch) be durable before each respondent is told so. The writers give only their SQL.
actor GroupCommit<Item: Sendable, Outcome: Sendable> {
    typealias Commit = @Sendable ([Item]) async -> [Result<Outcome, any Error>]

    let maxBatch: Int
    private let commit: Commit
    private var pending: [(item: Item, done: CheckedContinuation<Result<Outcome, any Error>, Never>)] = []
    private var draining = false
    /// Commits made and items written, for the load benchmarks' reports.
    private(set) var commits = 0
    private(set) var written = 0

    /// `commit` gets a group and answers one result per item, in order.
    init(maxBatch: Int, commit: @escaping Commit) {
        self.maxBatch = max(1, maxBatch)
        self.commit = commit
    }

    /// The item's outcome, once the commit that holds it is over.
    func submit(_ item: Item) async throws -> Outcome {
        let result = await withCheckedContinuation { (done: CheckedContinuation<Result<Outcome, any Error>, Never>) in
            pending.append((item, done))
            if !draining {
                draining = true
                Task { await self.drain() }
            }
        }
        return try result.get()
    }

    private func drain() async {
        while !pending.isEmpty {
            let count = min(pending.count, maxBatch)
            let batch = Array(pending.prefix(count))
            pending.removeFirst(count)
            var results = await commit(batch.map(\.item))
            // A commit that answers too few results fails the rest rather than leaving their callers waiting.
            while results.count < batch.count { results.append(.failure(AppError.busy)) }
            commits += 1
            written += batch.count
            for (entry, result) in zip(batch, results) { entry.done.resume(returning: result) }
        }
        draining = false
    }

    /// What a group's commit does when its one transaction failed: each item again alone, so that one bad item (a
    /// record deleted meanwhile) does not sink the others. A single item's failure is its own.
    static func eachAlone(_ items: [Item], after error: any Error,
                          _ commit: ([Item]) async -> [Result<Outcome, any Error>]) async -> [Result<Outcome, any Error>] {
        guard items.count > 1 else { return [.failure(error)] }
        var results: [Result<Outcome, any Error>] = []
        for item in items { results += await commit([item]) }
        return results
    }
}
