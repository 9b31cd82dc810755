import Domain
import Fluent
import Foundation
import Vapor

/// The workflow of a periodic report: the unit writes its narrative and submits (the figures are frozen then); the
/// level above returns it with a comment or accepts it, and may reopen it; the missing ones can be reminded. Every
/// step checks who asks, runs in one write transaction that re-reads the report's state, and is audited.
enum ReportService {
    struct Narrative: Content {
        var number: String?
        var results: String?
        var limitations: String?
        var proposals: String?
    }

    static let narrativeLimit = 20_000

    static func find(unitID: UUID, year: Int, period: ReportPeriod, on db: any Database) async throws -> Report? {
        try await Report.query(on: db).filter(\.$unit.$id == unitID).filter(\.$year == year).filter(\.$period == period).first()
    }

    /// The report inside a write, created as a draft when there is none yet.
    private static func current(_ unit: Unit, year: Int, period: ReportPeriod, now: Date, on db: any Database) async throws -> Report {
        if let report = try await find(unitID: try unit.requireID(), year: year, period: period, on: db) { return report }
        let report = Report(unitID: try unit.requireID(), year: year, period: period, at: now)
        try await report.create(on: db)
        return report
    }

    static func saveNarrative(_ form: Narrative, viewer: Viewer, unit: Unit, year: Int, period: ReportPeriod, now: Date, on db: any Database) async throws {
        guard viewer.may(.edit, unit) else { throw AppError.forbidden }
        let number = form.number?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let texts = [form.results, form.limitations, form.proposals].map { ($0 ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        guard texts.allSatisfy({ $0.count <= narrativeLimit }) else { throw AppError.badRequest("Mỗi phần không quá \(narrativeLimit) ký tự.") }
        guard number.count <= 60 else { throw AppError.badRequest("Số báo cáo không quá 60 ký tự.") }
        try await db.audited(by: viewer.actor, at: now) { db, audit in
            let report = try await current(unit, year: year, period: period, now: now, on: db)
            guard report.status.editable else {
                throw AppError(.conflict, "Báo cáo đã nộp nên không sửa được nữa; cấp trên có thể trả lại hoặc mở lại để sửa.")
            }
            let before = [report.number ?? "", report.results, report.limitations, report.proposals]
            report.number = number.isEmpty ? nil : number
            report.results = texts[0]
            report.limitations = texts[1]
            report.proposals = texts[2]
            report.updatedAt = now
            try await report.save(on: db)
            try await audit.record(.update, .report, id: report.id, unit: unit.id, summary: "Soạn báo cáo \(period.phrase(year: year)) của \(unit.name)", before: before, after: [report.number ?? "", report.results, report.limitations, report.proposals])
        }
    }

    static func submit(viewer: Viewer, unit: Unit, year: Int, period: ReportPeriod, now: Date, today: CalendarDate, on db: any Database) async throws {
        guard viewer.may(.edit, unit) else { throw AppError.forbidden }
        let window = try await ReportCompiler.window(period, year: year, unit: unit, on: db)
        let figures = try await ReportCompiler.compile(unit: unit, window: window, today: today, now: now, on: db)
        let snapshot = String(decoding: try JSONEncoder().encode(figures), as: UTF8.self)
        try await db.audited(by: viewer.actor, at: now) { db, audit in
            let report = try await current(unit, year: year, period: period, now: now, on: db)
            guard report.status.editable else { throw AppError(.conflict, "Báo cáo này đã được nộp.") }
            guard !report.results.isEmpty else {
                throw AppError.badRequest("Cần viết phần đánh giá kết quả trước khi nộp (các số liệu do hệ thống tự tổng hợp).")
            }
            let before = ReportState(report)
            report.status = .submitted
            report.snapshot = snapshot
            report.submittedAt = now
            report.submittedBy = viewer.user.username
            report.submittedLate = window.isLate(submittedOn: today)
            report.updatedAt = now
            try await report.save(on: db)
            try await audit.record(.submit, .report, id: report.id, unit: unit.id, summary: "Nộp báo cáo \(period.phrase(year: year)) của \(unit.name)" + (report.submittedLate == true ? " (muộn)" : ""),
                                   before: before, after: ReportState(report))
        }
    }

    enum Decision { case sendBack, accept, reopen }

    static func review(_ decision: Decision, note: String?, viewer: Viewer, unit: Unit, year: Int, period: ReportPeriod, now: Date, on db: any Database) async throws {
        guard viewer.mayReview(reportsOf: unit) else { throw AppError.forbidden }
        let comment = note?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard comment.count <= 4_000 else { throw AppError.badRequest("Ý kiến không quá 4.000 ký tự.") }
        if decision == .sendBack, comment.isEmpty { throw AppError.badRequest("Cần ghi lý do trả lại để đơn vị biết sửa gì.") }
        if decision == .reopen, comment.isEmpty { throw AppError.badRequest("Cần ghi lý do mở lại báo cáo (đơn vị cần bổ sung gì).") }
        let users = try await User.query(on: db).filter(\.$unit.$id == unit.requireID()).filter(\.$isActive == true).all()
        try await db.audited(by: viewer.actor, at: now) { db, audit in
            guard let report = try await find(unitID: try unit.requireID(), year: year, period: period, on: db) else {
                throw AppError.notFound("Đơn vị chưa có báo cáo kỳ này.")
            }
            let before = ReportState(report)
            let action: AuditAction
            let message: String
            switch decision {
            case .sendBack:
                guard report.status == .submitted else { throw AppError(.conflict, "Chỉ trả lại được báo cáo đã nộp và chưa duyệt.") }
                report.status = .returned
                action = .sendBack
                message = "Báo cáo \(period.phrase(year: year)) bị trả lại: \(comment)"
            case .accept:
                guard report.status == .submitted else { throw AppError(.conflict, "Chỉ duyệt được báo cáo đã nộp.") }
                // Four eyes: whoever wrote or submitted the report is not the one who accepts it.
                if try await hasWritten(report, viewer: viewer, on: db) {
                    throw AppError(.forbidden, "Bạn đã soạn hoặc nộp báo cáo này nên không tự duyệt được; cần một người phụ trách khác của cấp trên duyệt.")
                }
                report.status = .accepted
                action = .accept
                message = "Báo cáo \(period.phrase(year: year)) đã được duyệt."
            case .reopen:
                guard report.status == .submitted || report.status == .accepted else { throw AppError(.conflict, "Báo cáo chưa nộp thì không cần mở lại.") }
                report.status = .returned
                action = .reopen
                message = "Báo cáo \(period.phrase(year: year)) được mở lại để bổ sung" + (comment.isEmpty ? "." : ": \(comment)")
            }
            report.reviewNote = comment.isEmpty ? nil : comment
            report.reviewedAt = now
            report.reviewedBy = viewer.user.username
            report.updatedAt = now
            try await report.save(on: db)
            for user in users { try await Notice(userID: try user.requireID(), text: message, at: now).create(on: db) }
            try await audit.record(action, .report, id: report.id, unit: unit.id, summary: "\(action.label) \(period.phrase(year: year)) của \(unit.name)" + (comment.isEmpty ? "" : ": \(comment)"),
                                   before: before, after: ReportState(report))
        }
    }

    /// Whether the viewer wrote (saved the narrative of) or submitted the report, by its audit trail.
    static func hasWritten(_ report: Report, viewer: Viewer, on db: any Database) async throws -> Bool {
        if report.submittedBy == viewer.user.username { return true }
        guard let reportID = report.id, let userID = viewer.user.id else { return false }
        return try await AuditEntry.query(on: db).filter(\.$entityType == .report).filter(\.$entityID == reportID.uuidString)
            .filter(\.$actorID == userID).filter(\.$action ~~ [AuditAction.update, .submit])
            .count() > 0
    }

    /// Notices to the accounts of the units right below `unit` whose report for the period is not in. Returns how many units.
    static func remindMissing(viewer: Viewer, unit: Unit, year: Int, period: ReportPeriod, now: Date, on db: any Database) async throws -> Int {
        guard viewer.mayRemind(under: unit) else { throw AppError.forbidden }
        let children = try await Unit.query(on: db).filter(\.$parent.$id == unit.requireID()).filter(\.$validTo == nil).all()
        guard !children.isEmpty else { return 0 }
        let inHand = Set(try await Report.query(on: db).filter(\.$unit.$id ~~ children.compactMap(\.id)).filter(\.$year == year)
            .filter(\.$period == period).filter(\.$status ~~ [.submitted, .accepted]).all().map { $0.$unit.id })
        let missing = children.filter { !inHand.contains($0.id ?? UUID()) }
        guard !missing.isEmpty else { return 0 }
        let users = try await User.query(on: db).filter(\.$unit.$id ~~ missing.compactMap(\.id)).filter(\.$isActive == true).all()
        let window = try await ReportCompiler.window(period, year: year, unit: missing[0], on: db)
        let text = "\(unit.name) nhắc: đơn vị chưa nộp báo cáo kết quả tuyên truyền CCHC \(period.phrase(year: year)) (hạn \(window.due.display))."
        try await db.audited(by: viewer.actor, at: now) { db, audit in
            for user in users { try await Notice(userID: try user.requireID(), text: text, at: now).create(on: db) }
            try await audit.record(.remind, .report, id: nil, unit: unit.id, summary: "Nhắc \(missing.count) đơn vị nộp báo cáo \(period.phrase(year: year)): "
                                              + missing.map(\.name).joined(separator: ", "))
        }
        return missing.count
    }
}

/// A report's place in the review workflow, as the audit log compares it.
struct ReportState: Encodable, Sendable {
    let status: String
    let submittedLate: Bool?
    let reviewNote: String?

    init(_ report: Report) {
        status = report.status.label
        submittedLate = report.submittedLate
        reviewNote = report.reviewNote
    }
}
