import Vapor

/// Sends e-mail. `SMTPMailer` talks to the configured relay; without `SMTP_HOST` nothing is sent.
protocol Mailer: Sendable {
    func send(_ message: MailMessage) async throws
}

extension SMTPMailer: Mailer {}

extension Application {
    /// The mailer when SMTP is configured.
    var mailer: (any Mailer)? { config.smtp.map { SMTPMailer(settings: $0) } }
}
