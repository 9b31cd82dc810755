import Crypto
import Fluent
import Vapor

/// Reads the session cookie, loads the account and its unit, keeps the session alive, and writes
/// cookies and the flash message afterwards. Browser routes only: the API takes bearer tokens.
struct BrowserSessionMiddleware: AsyncMiddleware {
    static let cookieName = "cchc_session"
    static let csrfCookieName = "cchc_csrf"
    /// The one-time message for the next page rides in a cookie signed with the session's secret,
    /// so showing it costs no database write.
    static let flashCookieName = "cchc_flash"
    /// A session's last-seen time is written at most this often (not on every page view).
    static let touchInterval: TimeInterval = 60

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let state = BrowserSessionState()
        request.browserSession = state
        if let token = request.cookies[Self.cookieName]?.string {
            if let (session, user) = try await SessionService.resolve(token: token, config: request.config, now: request.now, on: request.db),
               let unit = try await Unit.find(user.$unit.id, on: request.db) {
                state.session = session
                request.viewer = try await Viewer.load(user: user, unit: unit, on: request.db)
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
        if let session = state.session, let message = state.flashToStore {
            response.cookies[Self.flashCookieName] = Self.cookie(Self.signFlash(message, key: session.csrf), secure: config.secureCookies,
                                                                 maxAge: 300)
        } else if state.flashTaken || (state.clearCookie && request.cookies[Self.flashCookieName] != nil) {
            response.cookies[Self.flashCookieName] = Self.cookie("", secure: config.secureCookies, maxAge: 0)
        }
        guard let session = state.session, state.newToken == nil, !state.clearCookie, let id = session.id else { return }
        let now = request.now
        guard now.timeIntervalSince(session.lastSeenAt) >= Self.touchInterval else { return }
        try await request.db.write { db in
            try await UserSession.query(on: db).filter(\.$id == id).set(\.$lastSeenAt, to: now).update()
        }
    }

    static func signFlash(_ message: String, key: String) -> String {
        let body = Data(message.prefix(500).utf8).base64EncodedString()
        let mac = HMAC<SHA256>.authenticationCode(for: Data(body.utf8), using: SymmetricKey(data: Data(key.utf8)))
        return body + "." + Data(mac).hex
    }

    static func verifyFlash(_ value: String, key: String) -> String? {
        let parts = value.split(separator: ".", maxSplits: 1)
        guard parts.count == 2, let data = Data(base64Encoded: String(parts[0])) else { return nil }
        let mac = HMAC<SHA256>.authenticationCode(for: Data(parts[0].utf8), using: SymmetricKey(data: Data(key.utf8)))
        guard CSRFMiddleware.constantTimeEquals(Data(mac).hex, String(parts[1])) else { return nil }
        return String(data: data, encoding: .utf8)
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
        state.flashTaken = false
        if let unit = try await Unit.find(user.$unit.id, on: db) { viewer = try await Viewer.load(user: user, unit: unit, on: db) }
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
        guard let state = browserSession, let session = state.session, state.newToken == nil, state.flashToStore == nil,
              !state.flashTaken, let cookie = cookies[BrowserSessionMiddleware.flashCookieName]?.string, !cookie.isEmpty else { return nil }
        state.flashTaken = true
        return BrowserSessionMiddleware.verifyFlash(cookie, key: session.csrf)
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
