import Crypto
import Fluent
import Vapor

/// What the browser-session layer knows and has to do for one request.
final class BrowserSessionState: @unchecked Sendable {
    var session: UserSession?
    /// A token to send as the new session cookie (login, rotation).
    var newToken: String?
    /// The cookie must be cleared (logout, expired, unknown).
    var clearCookie = false
    /// A flash to keep for the next page, or the kept one was shown and goes.
    var flashToStore: String?
    var flashTaken = false
    /// The double-submit CSRF token of a visitor who is not signed in, when it must be set.
    var anonymousCSRFToSet: String?
}
