import Domain
import Fluent
import Vapor

/// Pictures of a contest's questions: added (PNG or JPEG, checked by content) while the bank can still change, shown to
/// an entrant only for the questions drawn in their own attempt.
extension ContestService {
    static let maxImageBytes = 2 * 1024 * 1024

    /// Adds (or replaces) the picture of question `number`; refused once a quiz round has opened.
    static func setImage(_ upload: ActivityService.Upload, question number: Int, of contest: Contest, viewer: Viewer, files: any FileStorage,
                         now: Date, on db: any Database) async throws {
        let type = try ActivityService.check(upload, maxBytes: maxImageBytes)
        guard type == EvidenceType.png || type == EvidenceType.jpg else {
            throw AppError(.unsupportedMediaType, "Ảnh của câu hỏi phải là tệp PNG hoặc JPG (tối đa \(maxImageBytes / 1024 / 1024) MB).")
        }
        let contestID = try contest.requireID()
        let key = "contests/\(contestID.uuidString)/questions/\(number)-\(UUID().uuidString).\(type.rawValue)"
        try await db.audited(by: viewer.actor, at: now) { db, audit in
            if try await bankLocked(contestID, now: now, on: db) {
                throw AppError(.conflict, "Đã có vòng thi mở nên ngân hàng câu hỏi bị khóa: không thêm ảnh được nữa.")
            }
            guard let row = try await ContestBankQuestion.query(on: db).filter(\.$contest.$id == contestID).filter(\.$number == number).first() else {
                throw AppError(.unprocessableEntity, "Ngân hàng câu hỏi không có câu số \(number).")
            }
            var question = try row.question
            try await files.save(upload.data, key: key)
            question.image = key
            question.imageType = type.rawValue
            row.body = try StoredJSON.encode(question)
            try await row.save(on: db)
            try await audit.record(.update, .contestQuestions, id: contestID, unit: contest.$unit.id,
                                   summary: "Thêm ảnh cho câu \(number) cuộc thi “\(contest.title)”",
                                   before: [String: String]?.none, after: ["question": String(number), "image": upload.filename])
        }
    }
}
