import Foundation

/// The text of a message as SMTP's DATA carries it: headers (the subject encoded for non-ASCII), a base64 UTF-8 body,
/// lines starting with "." doubled, and the closing "." line.
enum MailFormat {
    static func data(_ message: MailMessage, from: String, now: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        let subject = "=?UTF-8?B?" + Data(message.subject.utf8).base64EncodedString() + "?="
        let body = Data(message.body.utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        let headers = [
            "From: \(from)", "To: \(message.to)", "Subject: \(subject)", "Date: \(formatter.string(from: now))",
            "Message-ID: <\(UUID().uuidString.lowercased())@cchc>", "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: base64",
        ]
        let text = (headers + ["", body]).joined(separator: "\r\n")
        let stuffed = text.components(separatedBy: "\r\n").map { $0.hasPrefix(".") ? "." + $0 : $0 }.joined(separator: "\r\n")
        return stuffed + "\r\n.\r\n"
    }

    /// A header value as it comes back ("=?UTF-8?B?…?=" decoded), for tests and logs.
    static func decodeHeader(_ value: String) -> String {
        guard value.hasPrefix("=?UTF-8?B?"), value.hasSuffix("?="),
              let data = Data(base64Encoded: String(value.dropFirst(10).dropLast(2))) else { return value }
        return String(decoding: data, as: UTF8.self)
    }
}
