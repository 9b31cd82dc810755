import Foundation
import NIOConcurrencyHelpers

/// How often one address may send answers to one survey: a fixed hourly window, in memory (per server).
final class SurveyRateLimiter: Sendable {
    private let windows = NIOLockedValueBox<[String: (start: Date, count: Int)]>([:])

    /// False when `key` has used up `limit` in the current hour (a limit of 0: no limit).
    func allow(_ key: String, limit: Int, now: Date) -> Bool {
        guard limit > 0 else { return true }
        return windows.withLockedValue { all in
            if all.count > 100_000 { all = all.filter { now.timeIntervalSince($0.value.start) < 3600 } }
            var window = all[key] ?? (now, 0)
            if now.timeIntervalSince(window.start) >= 3600 { window = (now, 0) }
            guard window.count < limit else { return false }
            window.count += 1
            all[key] = window
            return true
        }
    }
}
