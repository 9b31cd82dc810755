import Domain
import Fluent
import Foundation
import Vapor

extension QuestionService {
    /// May approve (or return) the answers of `question`'s unit: a leader whose unit is it or above it, or an
    /// administrator — never the account that drafted the answer.
    static func mayApprove(_ viewer: Viewer, _ question: CitizenQuestion) -> Bool {
        (viewer.isAdmin || (viewer.role == .leader && viewer.may(.read, question.unit))) && question.draftedBy != viewer.user.username
    }

    private static func step(_ question: CitizenQuestion, _ action: AuditAction, actor: AuditActor, now: Date, event: String, note: String?,
                             summary: String, on db: any Database, _ change: @escaping @Sendable (CitizenQuestion) throws -> Void) async throws {
        let id = try question.requireID()
        try await db.audited(by: actor, at: now) { db, audit in
            // Read again inside the write: a step decided on a page that is no longer current is refused, not applied twice.
            guard let current = try await CitizenQuestion.find(id, on: db) else { throw AppError.notFound("Không tìm thấy câu hỏi.") }
            let before = Snapshot(current)
            try change(current)
            try await current.save(on: db)
            try await CitizenQuestionEvent(questionID: id, at: now, actor: actor.name, action: event, note: note).create(on: db)
            try await audit.record(action, .citizenQuestion, id: id, unit: current.$unit.id, summary: summary, before: before, after: Snapshot(current))
        }
    }

    /// What the audit log keeps of a question (no personal data).
    struct Snapshot: Encodable, Sendable {
        let status: String
        let unit: UUID
        let due: String
        let answer: String?
        init(_ q: CitizenQuestion) {
            status = q.status.rawValue
            unit = q.$unit.id
            due = q.dueOn.display
            answer = q.answer.map { String($0.prefix(300)) }
        }
    }

    /// Sends the question to `target` (a unit of the province, in service) with the reason; the deadline runs again from
    /// today for the new unit.
    static func forward(_ question: CitizenQuestion, to target: Unit, reason: String, actor: AuditActor, today: CalendarDate, now: Date,
                        on db: any Database) async throws {
        let reason = VietnameseText.clean(reason)
        guard !reason.isEmpty else { throw AppError(.unprocessableEntity, "Ghi lý do chuyển câu hỏi (đơn vị nào có thẩm quyền, vì sao).") }
        guard question.status != .answered else { throw AppError(.conflict, "Câu hỏi đã được trả lời, không chuyển được nữa.") }
        guard target.id != question.$unit.id else { throw AppError(.unprocessableEntity, "Câu hỏi đang ở chính đơn vị này.") }
        guard target.ancestorIDs.first == question.$province.id || target.id == question.$province.id, target.isValid(on: today) else {
            throw AppError(.unprocessableEntity, "Đơn vị nhận phải là đơn vị đang hoạt động thuộc tỉnh của câu hỏi.")
        }
        let settings = try await settings(province: question.$province.id, on: db)
        let late = settings.calendar.workingDays(after: question.assignedOn, through: today) > settings.deadlines.forwardDays
        let due = settings.due(question.channel, question.kind, from: today)
        let targetID = try target.requireID()
        try await step(question, .update, actor: actor, now: now, event: "Chuyển đến \(target.name)",
                       note: reason + "; hạn trả lời mới \(due.display)" + (late ? " (chuyển quá \(settings.deadlines.forwardDays) ngày làm việc)" : ""),
                       summary: "Chuyển câu hỏi \(question.code) đến \(target.name): \(reason)", on: db) { q in
            q.$unit.id = targetID
            q.assignedOn = today
            q.dueOn = due
            q.status = .open
            q.answer = nil
            q.draftedBy = nil
            q.returnNote = nil
        }
    }

    /// Saves the unit's draft; `submit`: sends it to the leader for approval.
    static func draft(_ question: CitizenQuestion, answer: String, submit: Bool, actor: AuditActor, now: Date, on db: any Database) async throws {
        let text = VietnameseText.cleanLines(answer)
        guard question.status != .answered else { throw AppError(.conflict, "Câu hỏi đã được trả lời và công bố.") }
        guard (submit ? 20 : 1)...8000 ~= text.count else {
            throw AppError(.unprocessableEntity, text.count > 8000 ? "Câu trả lời dài quá 8000 ký tự." : "Câu trả lời cần ít nhất 20 ký tự trước khi trình duyệt.")
        }
        try await step(question, submit ? .submit : .update, actor: actor, now: now, event: submit ? "Trình lãnh đạo duyệt" : "Lưu dự thảo trả lời",
                       note: nil, summary: (submit ? "Trình duyệt" : "Lưu dự thảo") + " trả lời câu hỏi \(question.code)", on: db) { q in
            guard q.status != .answered else { throw AppError(.conflict, "Câu hỏi đã được trả lời và công bố.") }
            q.answer = text
            q.draftedBy = actor.name
            if submit { q.status = .awaitingApproval; q.returnNote = nil }
        }
    }

    /// What the public page would show, and what was masked.
    static func preview(_ question: CitizenQuestion) -> (question: String, answer: String, found: [PersonalData.Finding]) {
        let names = [question.askerName].compactMap { $0 }
        let q = PersonalData.mask(question.text, names: names)
        let a = PersonalData.mask(question.answer ?? "", names: names)
        return (q.text, a.text, q.found + a.found)
    }

    static func sendBack(_ question: CitizenQuestion, reason: String, actor: AuditActor, now: Date, on db: any Database) async throws {
        let reason = VietnameseText.clean(reason)
        guard !reason.isEmpty else { throw AppError(.unprocessableEntity, "Ghi lý do trả lại để đơn vị sửa câu trả lời.") }
        try await step(question, .sendBack, actor: actor, now: now, event: "Trả lại dự thảo", note: reason,
                       summary: "Trả lại dự thảo trả lời câu hỏi \(question.code): \(reason)", on: db) { q in
            guard q.status == .awaitingApproval else { throw AppError(.conflict, "Câu trả lời không còn chờ duyệt.") }
            q.status = .open
            q.returnNote = reason
        }
    }

    /// Approves the answer: answered today; published, masked, when the asker consented.
    static func approve(_ question: CitizenQuestion, actor: AuditActor, today: CalendarDate, now: Date, on db: any Database) async throws {
        let shown = preview(question)
        let publish = question.consent
        try await step(question, .publish, actor: actor, now: now, event: publish ? "Duyệt và công bố" : "Duyệt (không công bố: người hỏi không đồng ý)",
                       note: shown.found.isEmpty ? nil : "Đã ẩn \(shown.found.count) thông tin cá nhân khi công bố",
                       summary: "Duyệt câu trả lời câu hỏi \(question.code)", on: db) { q in
            guard q.status == .awaitingApproval else { throw AppError(.conflict, "Câu trả lời không còn chờ duyệt (đã được duyệt hoặc trả lại).") }
            guard q.draftedBy != actor.name else { throw AppError(.forbidden, "Người soạn câu trả lời không tự duyệt được.") }
            q.status = .answered
            q.answeredOn = today
            q.approvedBy = actor.name
            if publish {
                q.publicQuestion = shown.question
                q.publicAnswer = shown.answer
                q.searchKey = VietnameseText.fold(shown.question + " " + shown.answer)
            }
        }
    }
}
