import Foundation

/// How failed logins slow down further tries.
///
/// Counted per account *and* address together, so a stranger elsewhere cannot lock a real user out;
/// each failure past the free ones doubles the wait. A separate, higher count per address alone stops
/// one machine from trying many accounts.
public struct LoginThrottlePolicy: Sendable, Equatable {
    public var freeFailures: Int
    public var baseDelay: TimeInterval
    public var maxDelay: TimeInterval
    /// Failures older than this no longer count.
    public var window: TimeInterval
    public var addressMaxFailures: Int
    public var addressWindow: TimeInterval
    public var addressDelay: TimeInterval

    public init(freeFailures: Int = 5, baseDelay: TimeInterval = 60, maxDelay: TimeInterval = 3600,
                window: TimeInterval = 24 * 3600, addressMaxFailures: Int = 30, addressWindow: TimeInterval = 3600,
                addressDelay: TimeInterval = 15 * 60) {
        self.freeFailures = freeFailures
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.window = window
        self.addressMaxFailures = addressMaxFailures
        self.addressWindow = addressWindow
        self.addressDelay = addressDelay
    }

    /// The wait after `failures` failures in a row: none for the free ones, then 1, 2, 4 … minutes up to the cap.
    public func delay(afterFailures failures: Int) -> TimeInterval {
        guard failures >= freeFailures else { return 0 }
        let steps = min(failures - freeFailures, 30)
        return min(baseDelay * pow(2, Double(steps)), maxDelay)
    }

    /// When the next try for this account and address is allowed, or nil when it is allowed now.
    public func blockedUntil(failures: Int, lastFailure: Date?, now: Date) -> Date? {
        guard let lastFailure else { return nil }
        let until = lastFailure.addingTimeInterval(delay(afterFailures: failures))
        return until > now ? until : nil
    }

    /// The same for an address that failed with many accounts.
    public func addressBlockedUntil(failures: Int, lastFailure: Date?, now: Date) -> Date? {
        guard failures >= addressMaxFailures, let lastFailure else { return nil }
        let until = lastFailure.addingTimeInterval(addressDelay)
        return until > now ? until : nil
    }

    /// "1 phút", "15 phút", "1 giờ" — how long to wait, for the message.
    public static func describe(_ seconds: TimeInterval) -> String {
        let minutes = max(1, Int((seconds / 60).rounded(.up)))
        if minutes < 60 { return "\(minutes) phút" }
        let hours = minutes / 60, rest = minutes % 60
        return rest == 0 ? "\(hours) giờ" : "\(hours) giờ \(rest) phút"
    }
}
