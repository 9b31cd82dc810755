import Crypto
import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// Recording work on an assignment: activities with evidence files, marking the assignment done (evidence or a
/// written justification), cancelling it (the plan owner, with a reason), and the plan owner verifying or rejecting
/// evidence (a rejection reopens the assignment). Every change audited.
enum ActivityService {
    struct Input: Sendable {
        var kind: ActivityKind
        var channel: ActivityChannel
        var happenedOn: CalendarDate
        var title: String
        var link: String?
        var reach: Int?
        var cost: Int64?
        var note: String?
        var occurrenceID: UUID?
    }

    struct Upload: Sendable {
        var filename: String
        var data: Data
    }

    /// Checks an upload against the limits: size and type by content; the Vietnamese reason when refused.
    static func check(_ upload: Upload, maxBytes: Int) throws -> EvidenceType {
        guard !upload.data.isEmpty else { throw AppError(.unprocessableEntity, "Tệp \"\(upload.filename)\" trống.") }
        guard upload.data.count <= maxBytes else {
            throw AppError(.payloadTooLarge, "Tệp \"\(upload.filename)\" lớn hơn giới hạn \(maxBytes / 1024 / 1024) MB.")
        }
        guard let type = EvidenceType.detect(upload.data, filename: upload.filename) else {
            throw AppError(.unsupportedMediaType, "Tệp \"\(upload.filename)\" không phải là tệp PDF, Word (.docx), Excel (.xlsx), ảnh JPG/PNG, "
                           + "âm thanh MP3 hoặc video MP4 đúng định dạng (hệ thống kiểm tra nội dung tệp, không chỉ phần đuôi).")
        }
        return type
    }

    /// Bytes of evidence the unit keeps. Summed in floating point: PostgreSQL sums bigints as NUMERIC.
    static func storedBytes(of unitID: UUID, on db: any Database) async throws -> Int64 {
        guard let sql = db as? any SQLDatabase else { throw AppError.busy }
        guard let row = try await sql.raw("""
            SELECT SUM(CAST(size AS DOUBLE PRECISION)) AS used FROM \(ident: EvidenceFile.schema) WHERE unit_id = \(bind: unitID)
            """).first(), try !row.decodeNil(column: "used") else { return 0 }
        return Int64(saturating: try row.decode(column: "used", as: Double.self))
    }

    static func record(_ input: Input, upload: Upload?, on assignment: Assignment, plan: Plan, actor: AuditActor, storage: any FileStorage,
                       maxBytes: Int, quota: Int64, on db: any Database) async throws -> Activity {
        guard assignment.status != .cancelled else { throw AppError(.conflict, "Phân công này đã bị hủy.") }
        if let occurrenceID = input.occurrenceID {
            guard try await Occurrence.query(on: db).filter(\.$id == occurrenceID).filter(\.$assignment.$id == assignment.requireID()).count() == 1 else {
                throw AppError(.unprocessableEntity, "Kỳ thực hiện đã chọn không thuộc phân công này.")
            }
        }
        return try await record(input, upload: upload, unitID: assignment.$unit.id, plan: plan, taskID: assignment.$task.id,
                                assignmentID: assignment.id, actor: actor, storage: storage, maxBytes: maxBytes, quota: quota, on: db)
    }

    /// A coordinating unit's contribution to a task another unit leads (no assignment of its own).
    static func contribute(_ input: Input, upload: Upload?, unitID: UUID, plan: Plan, taskID: UUID, actor: AuditActor, storage: any FileStorage,
                           maxBytes: Int, quota: Int64, on db: any Database) async throws -> Activity {
        var input = input
        input.occurrenceID = nil
        return try await record(input, upload: upload, unitID: unitID, plan: plan, taskID: taskID, assignmentID: nil, actor: actor,
                                storage: storage, maxBytes: maxBytes, quota: quota, on: db)
    }

    private static func record(_ input: Input, upload: Upload?, unitID: UUID, plan: Plan, taskID: UUID, assignmentID: UUID?, actor: AuditActor,
                               storage: any FileStorage, maxBytes: Int, quota: Int64, on db: any Database) async throws -> Activity {
        guard plan.status == .issued else { throw AppError(.conflict, "Kế hoạch chưa ban hành.") }
        let type = try upload.map { try check($0, maxBytes: maxBytes) }
        let activity = Activity()
        activity.id = UUID()
        activity.$unit.id = unitID
        activity.$plan.id = try plan.requireID()
        activity.$task.id = taskID
        activity.$assignment.id = assignmentID
        activity.$occurrence.id = input.occurrenceID
        activity.kind = input.kind
        activity.channel = input.channel
        activity.happenedOn = input.happenedOn
        activity.title = input.title
        activity.link = input.link
        activity.reach = input.reach
        activity.cost = input.cost
        activity.note = input.note
        activity.review = .pending
        activity.recordedBy = actor.name
        var file: EvidenceFile?
        if let upload, let type {
            // The unit's share of the storage: what it keeps already, and this file.
            let used = try await storedBytes(of: unitID, on: db)
            if used.addingSaturated(Int64(upload.data.count)) > quota {
                throw AppError(.payloadTooLarge, "Đơn vị đã lưu \(used / 1024 / 1024) MB tệp minh chứng; giới hạn của mỗi đơn vị là \(quota / 1024 / 1024) MB. "
                               + "Hãy nén tệp hoặc ghi đường dẫn tới bài đăng thay cho tệp.")
            }
            let stored = EvidenceFile()
            stored.id = UUID()
            stored.$activity.id = try activity.requireID()
            stored.$unit.id = unitID
            stored.filename = String(VietnameseText.clean(upload.filename).prefix(200))
            stored.type = type
            stored.size = upload.data.count
            stored.sha256 = SHA256.hash(data: upload.data).hex
            stored.storageKey = "\(input.happenedOn.year)/\(try stored.requireID().uuidString.lowercased()).\(type.rawValue)"
            try await storage.save(upload.data, key: stored.storageKey)
            file = stored
        }
        let saved = file
        do {
            try await db.audited(by: actor, at: Date()) { db, audit in
                try await activity.create(on: db)
                try await saved?.create(on: db)
                try await audit.record(.create, .activity, id: activity.id, unit: unitID, summary: (assignmentID == nil ? "Phối hợp — ghi nhận " : "Ghi nhận ") + "\(input.kind.label.lowercased()): \(input.title)" + (saved.map { " (tệp \($0.filename))" } ?? ""),
                                       before: [String: String]?.none,
                                       after: ["title": input.title, "activityKind": input.kind.label, "happenedOn": input.happenedOn.display,
                                               "file": saved?.filename ?? ""])
            }
        } catch {
            // Nothing half-saved: a file whose record did not make it is removed again.
            if let saved { try? await storage.delete(key: saved.storageKey) }
            throw error
        }
        return activity
    }

    /// Done: needs an activity with a file that was not rejected, or a written justification.
    static func complete(_ assignment: Assignment, justification: String?, today: CalendarDate, actor: AuditActor, on db: any Database) async throws {
        guard assignment.status == .open else { throw AppError(.conflict, "Phân công không còn ở trạng thái đang thực hiện.") }
        let activities = try await Activity.query(on: db).filter(\.$assignment.$id == assignment.requireID()).with(\.$files).all()
        let hasEvidence = activities.contains { $0.review != .rejected && !$0.files.isEmpty }
        guard hasEvidence || justification != nil else {
            throw AppError(.unprocessableEntity, "Để đánh dấu hoàn thành, hãy ghi nhận ít nhất một hoạt động có tệp minh chứng, hoặc ghi rõ lý do không có minh chứng.")
        }
        let audit = AuditedChange(actor: actor, action: .update, entityType: .assignment,
                                  summary: "Hoàn thành phân công" + (justification.map { " — \($0)" } ?? ""), now: Date())
        try await db.change(assignment, audit, unitID: { $0.$unit.id }, snapshot: { a, _ in ["status": a.status.rawValue] }) { a, _ in
            a.status = .done
            a.doneOn = today
            a.justification = justification
        }
    }

    static func cancel(_ assignment: Assignment, reason: String, actor: AuditActor, on db: any Database) async throws {
        guard assignment.status != .cancelled else { throw AppError(.conflict, "Phân công đã bị hủy.") }
        let audit = AuditedChange(actor: actor, action: .update, entityType: .assignment, summary: "Hủy phân công — \(reason)", now: Date())
        try await db.change(assignment, audit, unitID: { $0.$unit.id }, snapshot: { a, _ in ["status": a.status.rawValue] }) { a, _ in
            a.status = .cancelled
            a.cancelReason = reason
        }
    }

    /// The plan owner's verdict on one activity's evidence; a rejection reopens a done assignment.
    static func review(_ activity: Activity, verified: Bool, note: String?, actor: AuditActor, on db: any Database) async throws {
        guard verified || note != nil else { throw AppError(.unprocessableEntity, "Khi trả lại minh chứng, vui lòng ghi lý do để đơn vị bổ sung.") }
        let audit = AuditedChange(actor: actor, action: .update, entityType: .activity,
                                  summary: (verified ? "Xác nhận minh chứng: " : "Trả lại minh chứng: ") + activity.title + (note.map { " — \($0)" } ?? ""),
                                  now: Date())
        try await db.change(activity, audit, unitID: { $0.$unit.id }, snapshot: { a, _ in ["review": a.review.rawValue] }) { a, db in
            a.review = verified ? .verified : .rejected
            a.reviewNote = note
            if !verified, let assignmentID = a.$assignment.id, let assignment = try await Assignment.find(assignmentID, on: db),
               assignment.status == .done {
                assignment.status = .open
                assignment.doneOn = nil
                try await assignment.save(on: db)
            }
        }
    }
}
