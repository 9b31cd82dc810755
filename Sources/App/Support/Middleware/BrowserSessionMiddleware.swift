import Fluent
import Vapor

/// What the browser-session layer knows and has to do for one request.
final class BrowserSessionState: @unchecked Sendable {
    var session: UserSession?
    /// A token to send as the new session cookie (login, rotation).
    var newToken: String?
    /// The cookie must be cleared (logout, expired, unknown).
    var clearCookie = false
    /// A flash to store for the next page, or the stored one was shown and goes.
    var flashToStore: String?
    var flashTaken = false
    /// The double-submit CSRF token of a visitor who is not signed in, when it must be set.
    var anonymousCSRFToSet: String?
}

/// Reads the session cookie, loads the account and its unit, keeps the session alive, and writes
/// cookies and the flash message afterwards. Browser routes only: the API takes bearer tokens.
struct BrowserSessionMiddleware: AsyncMiddleware {
    static let cookieName = "cchc_session"
    static let csrfCookieName = "cchc_csrf"
    /// A session's last-seen time is written at most this often (not on every page view).
    static let touchInterval: TimeInterval = 60

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let state = BrowserSessionState()
        request.browserSession = state
        if let token = request.cookies[Self.cookieName]?.string {
            if let (session, user) = try await SessionService.resolve(token: token, config: request.config, now: request.now, on: request.db),
               let unit = try await Unit.find(user.$unit.id, on: request.db) {
                state.session = session
                request.viewer = Viewer(user: user, unit: unit)
            } else {
                state.clearCookie = true
                request.sessionExpired = true
            }
        }
        let response = try await next.respond(to: request)
        try await finish(request, state: state, response: response)
        return response
    }

    private func finish(_ request: Request, state: BrowserSessionState, response: Response) async throws {
        let config = request.config
        if let token = state.newToken {
            response.cookies[Self.cookieName] = Self.cookie(token, secure: config.secureCookies, maxAge: Int(config.sessionMaxAge))
        } else if state.clearCookie {
            response.cookies[Self.cookieName] = Self.cookie("", secure: config.secureCookies, maxAge: 0)
        }
        if let csrf = state.anonymousCSRFToSet {
            var cookie = Self.cookie(csrf, secure: config.secureCookies, maxAge: 2 * 3600)
            cookie.sameSite = .strict
            response.cookies[Self.csrfCookieName] = cookie
        }
        guard let session = state.session, state.newToken == nil, !state.clearCookie else { return }
        let now = request.now
        let touch = now.timeIntervalSince(session.lastSeenAt) >= Self.touchInterval
        let flash: String?? = state.flashToStore.map { .some($0) } ?? (state.flashTaken ? .some(nil) : nil)
        guard touch || flash != nil, let id = session.id else { return }
        try await request.db.write { db in
            let q = UserSession.query(on: db).filter(\.$id == id)
            if touch { q.set(\.$lastSeenAt, to: now) }
            if let flash { q.set(\.$flash, to: flash) }
            try await q.update()
        }
    }

    static func cookie(_ value: String, secure: Bool, maxAge: Int) -> HTTPCookies.Value {
        HTTPCookies.Value(string: value, expires: nil, maxAge: maxAge, domain: nil, path: "/", isSecure: secure,
                          isHTTPOnly: true, sameSite: .lax)
    }
}

extension Request {
    private struct BrowserSessionKey: StorageKey { typealias Value = BrowserSessionState }
    private struct ExpiredKey: StorageKey { typealias Value = Bool }

    var browserSession: BrowserSessionState? {
        get { storage[BrowserSessionKey.self] }
        set { storage[BrowserSessionKey.self] = newValue }
    }

    /// The browser sent a session cookie that is no longer valid.
    var sessionExpired: Bool {
        get { storage[ExpiredKey.self] ?? false }
        set { storage[ExpiredKey.self] = newValue }
    }

    /// Signs `user` in on a brand-new session: whatever session the browser had before is ended and
    /// nothing of it carries over (its id, CSRF token and flash included).
    func startSession(for user: User, address: String) async throws {
        guard let state = browserSession else { return }
        if let old = state.session { try await SessionService.end(old, on: db) }
        let started = try await SessionService.start(for: try user.requireID(), address: address, now: now, on: db)
        state.session = started.session
        state.newToken = started.token
        state.clearCookie = false
        state.flashToStore = nil
        state.flashTaken = false
        viewer = try await Unit.find(user.$unit.id, on: db).map { Viewer(user: user, unit: $0) }
    }

    func endSession() async throws {
        guard let state = browserSession else { return }
        if let old = state.session { try await SessionService.end(old, on: db) }
        state.session = nil
        state.newToken = nil
        state.clearCookie = true
        viewer = nil
    }

    /// A one-time message shown on the next page.
    func flash(_ message: String) {
        browserSession?.flashToStore = message
    }

    func takeFlash() -> String? {
        guard let state = browserSession, let session = state.session, state.newToken == nil,
              state.flashToStore == nil, !state.flashTaken, let message = session.flash else { return nil }
        state.flashTaken = true
        return message
    }

    /// The CSRF token forms must echo: the session's, or for a visitor who is not signed in a random
    /// double-submit cookie (nothing is stored in the database for them).
    var csrfToken: String {
        guard let state = browserSession else { return "" }
        if let session = state.session { return session.csrf }
        if let pending = state.anonymousCSRFToSet { return pending }
        if let existing = cookies[BrowserSessionMiddleware.csrfCookieName]?.string, CSRFMiddleware.isWellFormed(existing) {
            return existing
        }
        let token = CSRFMiddleware.newToken()
        state.anonymousCSRFToSet = token
        return token
    }
}
