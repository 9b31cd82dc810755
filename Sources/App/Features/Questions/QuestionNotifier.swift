import Domain
import Fluent
import Foundation
import Vapor

/// Tells an asker their question was answered: by e-mail through SMTP, or, for a phone number, by a JSON POST to the
/// configured webhook (`QUESTION_WEBHOOK_URL`) that an SMS or Zalo gateway takes:
/// `{"event":"question.answered","channel":"sms","to":"0912345678","code":"HD-…","text":"…","url":"…"}`.
/// Sent after the answer is stored; a failure is logged and written in the question's history, and never undoes it.
struct QuestionNotifier: Sendable {
    let mailer: (any Mailer)?
    let webhook: String?
    let client: any Client
    let baseURL: String
    let logger: Logger

    init(app: Application) {
        mailer = app.mailer
        webhook = app.config.questionWebhookURL
        client = app.client
        baseURL = app.config.publicBaseURL
        logger = app.logger
    }

    struct Payload: Content {
        let event: String
        let channel: String
        let to: String
        let code: String
        let text: String
        let url: String
    }

    /// Notifies the asker of `question` (answered); returns what the history should say, nil when there is nobody to tell.
    @discardableResult
    func answered(_ question: CitizenQuestion, unitName: String, now: Date, on db: any Database) async -> String? {
        let url = baseURL + SiteRoute.questionPublicOne.path(question.code)
        let body = "Kính gửi ông/bà\(question.askerName.map { " " + $0 } ?? ""),\n\n\(unitName) đã trả lời câu hỏi của ông/bà (mã \(question.code)):\n\n"
            + (question.answer ?? "") + "\n\n" + (question.consent ? "Câu hỏi và câu trả lời được công bố tại \(url)\n\n" : "")
            + "Trân trọng,\nChuyên mục \"Dân hỏi – Chính quyền trả lời\"."
        return await send(question, event: "question.answered", subject: "Trả lời câu hỏi \(question.code)", mail: body,
                          short: "Câu hỏi \(question.code) của ông/bà đã được \(unitName) trả lời. Xem tại \(url)", url: url, now: now, on: db)
    }

    /// Tells an asker waiting past the deadline that the question is still being handled.
    @discardableResult
    func update(_ question: CitizenQuestion, now: Date, on db: any Database) async -> String? {
        let url = baseURL + SiteRoute.questionPublicOne.path(question.code)
        let text = "Câu hỏi \(question.code) của ông/bà đang được \(question.$unit.value?.name ?? "cơ quan có thẩm quyền") xử lý; "
            + "chúng tôi xin lỗi vì chưa trả lời đúng hạn (\(question.dueOn.display)). Theo dõi tại \(url)"
        return await send(question, event: "question.delayed", subject: "Câu hỏi \(question.code) đang được xử lý", mail: text + "\n\nTrân trọng.",
                          short: text, url: url, now: now, on: db)
    }

    private func send(_ question: CitizenQuestion, event: String, subject: String, mail: String, short: String, url: String, now: Date,
                      on db: any Database) async -> String? {
        guard let contact = question.askerContact.flatMap(QuestionService.Contact.init) else { return nil }
        let outcome: String
        do {
            switch contact {
            case .email(let address):
                guard let mailer else { return nil }
                try await mailer.send(MailMessage(to: address, subject: "[Dân hỏi – Chính quyền trả lời] " + subject, body: mail))
                outcome = "Đã gửi thư điện tử báo người hỏi"
            case .phone(let phone):
                guard let webhook else { return nil }
                let response = try await client.post(URI(string: webhook)) { req in
                    try req.content.encode(Payload(event: event, channel: "sms", to: phone, code: question.code, text: short, url: url))
                }
                guard (200..<300).contains(response.status.code) else { throw Abort(response.status) }
                outcome = "Đã gửi tin nhắn báo người hỏi"
            }
        } catch {
            logger.warning("questions: notifying the asker of \(question.code) failed: \(error)")
            outcome = "Chưa báo được người hỏi (lỗi gửi tin)"
        }
        if let id = question.id {
            try? await db.write { db in try await CitizenQuestionEvent(questionID: id, at: now, actor: "hệ thống", action: outcome).create(on: db) }
        }
        return outcome
    }
}
