import Fluent
import Vapor
import Domain

/// Password checks, slowed down per account and address together (see `LoginThrottlePolicy`).
///
/// Each try is written *before* its password is checked, so parallel tries all count: of fifty sent at
/// once, only the free ones reach Bcrypt. Unknown, locked and known accounts cost the same Bcrypt work.
enum AuthService {
    enum Failure: Error, Equatable {
        case invalid
        case rateLimited(until: Date)
        /// The password was right but the account is locked.
        case locked
    }

    static let invalidMessage = "Tên đăng nhập hoặc mật khẩu không đúng."
    static let lockedMessage = "Tài khoản của bạn đã bị khóa. Vui lòng liên hệ quản trị hệ thống của đơn vị."

    static func rateLimitedMessage(until: Date, now: Date) -> String {
        "Bạn đã đăng nhập sai nhiều lần. Vui lòng thử lại sau \(LoginThrottlePolicy.describe(until.timeIntervalSince(now)))."
    }

    static func login(on db: any Database, username rawUsername: String, password: String, address: String,
                      config: AppConfig, dummyHash: String, now: Date) async throws -> User {
        let username = String(rawUsername.trimmingCharacters(in: .whitespaces).lowercased().prefix(64))
        let policy = config.loginThrottle
        let attempt = LoginAttempt(username: username, address: address, outcome: .pending, at: now)
        try await db.write { db in try await attempt.create(on: db) }
        let attemptID = try attempt.requireID()

        if let until = try await blockedUntil(username: username, address: address, excluding: attemptID, policy: policy,
                                              now: now, on: db) {
            try await recordBlock(attemptID, username: username, address: address, policy: policy, until: until, now: now, on: db)
            throw Failure.rateLimited(until: until)
        }

        let user = try await User.query(on: db).filter(\.$username == username).first()
        let checkable = PasswordPolicy.isCheckable(password)
        let matches = try await verify(checkable ? password : "", hash: user?.passwordHash ?? dummyHash) && checkable && user != nil
        guard let user, matches else {
            try await setOutcome(attemptID, .failed, on: db)
            throw Failure.invalid
        }
        guard user.isActive else {
            try await setOutcome(attemptID, .failed, on: db)
            throw Failure.locked
        }
        try await setOutcome(attemptID, .succeeded, on: db)
        return user
    }

    /// Failures (and tries still being checked) for this account from this address since its last success.
    private static func blockedUntil(username: String, address: String, excluding attemptID: UUID, policy: LoginThrottlePolicy,
                                     now: Date, on db: any Database) async throws -> Date? {
        let since = now.addingTimeInterval(-policy.window)
        let lastSuccess = try await lastSuccessAt(username: username, address: address, since: since, on: db)
        let pairFailures = try await countingFailures(on: db, since: max(since, lastSuccess ?? since), strictlyAfter: lastSuccess != nil)
            .filter(\.$username == username).filter(\.$address == address).filter(\.$id != attemptID)
            .sort(\.$attemptedAt, .descending).all()
        if let until = policy.blockedUntil(failures: pairFailures.count, lastFailure: pairFailures.first?.attemptedAt, now: now) {
            return until
        }
        let addressSince = now.addingTimeInterval(-policy.addressWindow)
        let addressFailures = try await countingFailures(on: db, since: addressSince, strictlyAfter: false)
            .filter(\.$address == address).filter(\.$id != attemptID).count()
        guard addressFailures >= policy.addressMaxFailures else { return nil }
        let last = try await countingFailures(on: db, since: addressSince, strictlyAfter: false)
            .filter(\.$address == address).sort(\.$attemptedAt, .descending).first()?.attemptedAt
        return policy.addressBlockedUntil(failures: addressFailures, lastFailure: last, now: now)
    }

    /// When this account last signed in from this address within the window, if it did.
    private static func lastSuccessAt(username: String, address: String, since: Date, on db: any Database) async throws -> Date? {
        try await LoginAttempt.query(on: db).filter(\.$username == username).filter(\.$address == address)
            .filter(\.$succeeded == true).filter(\.$attemptedAt >= since).sort(\.$attemptedAt, .descending).first()?.attemptedAt
    }

    private static func countingFailures(on db: any Database, since: Date, strictlyAfter: Bool) -> QueryBuilder<LoginAttempt> {
        let q = LoginAttempt.query(on: db).filter(\.$succeeded == false)
        if strictlyAfter { q.filter(\.$attemptedAt > since) } else { q.filter(\.$attemptedAt >= since) }
        return q.group(.or) { g in
            g.filter(\.$outcome == nil)
            g.filter(\.$outcome ~~ [LoginAttempt.Outcome.pending.rawValue, LoginAttempt.Outcome.failed.rawValue])
        }
    }

    private static func setOutcome(_ id: UUID, _ outcome: LoginAttempt.Outcome, on db: any Database) async throws {
        try await db.write { db in
            try await LoginAttempt.query(on: db).filter(\.$id == id)
                .set(\.$outcome, to: outcome.rawValue).set(\.$succeeded, to: outcome == .succeeded).update()
        }
    }

    /// Marks a refused try. The first refusal of a series (since the pair's last success, within the
    /// window) tells the account's owner and the administrators; later ones only count.
    private static func recordBlock(_ attemptID: UUID, username: String, address: String, policy: LoginThrottlePolicy, until: Date,
                                    now: Date, on db: any Database) async throws {
        let since = now.addingTimeInterval(-policy.window)
        let owner = try await User.query(on: db).filter(\.$username == username).first()
        let admins = try await User.query(on: db).filter(\.$role == .admin).filter(\.$isActive == true).all()
        try await db.audited(by: .system, at: now) { db, audit in
            // Parallel refusals of one pair decide "first of a series" one at a time: one notice, not several.
            try await db.lockForTransaction("login-block:\(username)@\(address)")
            let lastSuccess = try await lastSuccessAt(username: username, address: address, since: since, on: db)
            let alreadyTold = try await LoginAttempt.query(on: db).filter(\.$username == username).filter(\.$address == address)
                .filter(\.$outcome == LoginAttempt.Outcome.blockedFirst.rawValue).filter(\.$attemptedAt >= (lastSuccess ?? since)).count() > 0
            try await setOutcome(attemptID, alreadyTold ? .blocked : .blockedFirst, on: db)
            guard !alreadyTold else { return }
            let when = AppClock.display(now)
            let wait = LoginThrottlePolicy.describe(until.timeIntervalSince(now))
            if let owner, let id = owner.id {
                try await Notice(userID: id, text: "Có nhiều lần đăng nhập sai mật khẩu vào tài khoản của bạn từ địa chỉ \(address) (lúc \(when)). Các lần thử từ địa chỉ đó phải chờ \(wait) trở lên. Nếu không phải bạn, hãy đổi mật khẩu.", at: now).create(on: db)
            }
            for admin in admins where admin.id != owner?.id {
                guard let id = admin.id else { continue }
                try await Notice(userID: id, text: "Có nhiều lần đăng nhập sai vào tài khoản \"\(username)\"\(owner == nil ? " (không tồn tại)" : "") từ địa chỉ \(address) (lúc \(when)); địa chỉ này phải chờ \(wait).", at: now).create(on: db)
            }
            try await audit.record(.security, .user, id: owner?.id, unit: owner?.$unit.id, summary: "Đăng nhập sai nhiều lần vào \"\(username)\" từ \(address); bắt đầu làm chậm")
        }
    }

    static func verify(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive {
            (try? Bcrypt.verify(password, created: hash)) ?? false
        }
    }

    static func hash(_ password: String, cost: Int) async throws -> String {
        try await NIOThreadPool.singleton.runIfActive {
            try Bcrypt.hash(password, cost: cost)
        }
    }
}

extension Application {
    private struct DummyHashKey: StorageKey { typealias Value = String }

    /// A Bcrypt hash at the configured cost, checked for unknown accounts so they take as long as known ones.
    var dummyPasswordHash: String {
        get { storage[DummyHashKey.self] ?? "" }
        set { storage[DummyHashKey.self] = newValue }
    }
}
