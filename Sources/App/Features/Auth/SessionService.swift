import Fluent
import Vapor

/// Signed-in browser sessions: started at login with a fresh token, ended at logout, at a password
/// change or reset, at a deactivation and at any change of the account's rights; expired when idle
/// too long or too old; swept by the cleanup job.
enum SessionService {
    struct Started: Sendable {
        let session: UserSession
        let token: String
    }

    static func newToken() -> String {
        [UInt8].random(count: 32).hex
    }

    static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).hex
    }

    static func start(for userID: UUID, address: String, now: Date, on db: any Database) async throws -> Started {
        let token = newToken()
        let session = UserSession(tokenHash: hash(token), userID: userID, csrf: CSRFMiddleware.newToken(),
                                  address: String(address.prefix(64)), now: now)
        try await db.write { db in try await session.create(on: db) }
        return Started(session: session, token: token)
    }

    /// The live session for a cookie token with its account, or nil (an expired one is deleted on the way).
    static func resolve(token: String, config: AppConfig, now: Date, on db: any Database) async throws -> (UserSession, User)? {
        guard CSRFMiddleware.isWellFormed(token) else { return nil }
        guard let session = try await UserSession.query(on: db).filter(\.$tokenHash == hash(token)).with(\.$user).first() else {
            return nil
        }
        if isExpired(session, config: config, now: now) || !session.user.isActive {
            try await db.write { db in try await UserSession.query(on: db).filter(\.$id == session.requireID()).delete() }
            return nil
        }
        return (session, session.user)
    }

    static func isExpired(_ session: UserSession, config: AppConfig, now: Date) -> Bool {
        now.timeIntervalSince(session.lastSeenAt) > config.sessionIdleTimeout
            || now.timeIntervalSince(session.createdAt) > config.sessionMaxAge
    }

    static func end(_ session: UserSession, on db: any Database) async throws {
        let id = try session.requireID()
        try await db.write { db in try await UserSession.query(on: db).filter(\.$id == id).delete() }
    }

    /// Ends every session of an account (password reset, deactivation, change of role or unit).
    static func endAll(of userID: UUID, on db: any Database) async throws {
        try await db.write { db in try await UserSession.query(on: db).filter(\.$user.$id == userID).delete() }
    }

    /// Deletes expired sessions and login attempts no rule looks at any more; returns how many sessions went.
    @discardableResult
    static func sweep(config: AppConfig, now: Date, on db: any Database) async throws -> Int {
        let idleLimit = now.addingTimeInterval(-config.sessionIdleTimeout)
        let ageLimit = now.addingTimeInterval(-config.sessionMaxAge)
        let attemptsLimit = now.addingTimeInterval(-max(config.loginThrottle.window, config.loginThrottle.addressWindow) - 86_400)
        return try await db.write { db in
            let stale = try await UserSession.query(on: db).group(.or) { g in
                g.filter(\.$lastSeenAt < idleLimit)
                g.filter(\.$createdAt < ageLimit)
            }.count()
            try await UserSession.query(on: db).group(.or) { g in
                g.filter(\.$lastSeenAt < idleLimit)
                g.filter(\.$createdAt < ageLimit)
            }.delete()
            try await LoginAttempt.query(on: db).filter(\.$attemptedAt < attemptsLimit).delete()
            return stale
        }
    }
}
