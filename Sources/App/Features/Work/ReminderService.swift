import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// Reminders: an assignment due within a week, an assignment overdue, evidence rejected. Each goes to the active
/// accounts of the unit concerned — a notice in the app, and an e-mail to those with an address when SMTP is set —
/// once: the reminder's key is claimed in `reminders_sent` in the same transaction as the notices, and mail goes out
/// only after that claim commits, so two instances running the job together send it once between them.
enum ReminderService {
    static let soonDays = 7

    struct Reminder: Sendable {
        let key: String
        let unitID: UUID
        let text: String
    }

    /// Reminders are read, claimed and sent a batch at a time, so a first run over a whole country's backlog keeps
    /// its memory small and writes a few hundred transactions, not one per reminder.
    static let batch = 200

    /// What is due today (Asia/Ho_Chi_Minh): an assignment turns overdue at the first midnight after its due date.
    /// One batch of open assignments due within a week or already overdue, in (due date, id) order after `after`.
    static func pendingAssignments(today: CalendarDate, after: (due: CalendarDate, id: UUID)?, on db: any Database) async throws
        -> (reminders: [Reminder], last: (due: CalendarDate, id: UUID)?) {
        guard let sql = db as? any SQLDatabase else { return ([], nil) }
        let soon = today.adding(days: soonDays) ?? today
        let from: SQLQueryString = after.map { "AND (a.due_on > \(bind: $0.due) OR (a.due_on = \(bind: $0.due) AND a.id > \(bind: $0.id)))" } ?? ""
        let rows = try await sql.raw("""
            SELECT a.id AS id, a.unit_id AS unit_id, a.due_on AS due_on, t.no AS no, p.number AS number, p.title AS title
            FROM assignments a JOIN plan_tasks t ON t.id = a.task_id JOIN plans p ON p.id = a.plan_id
            WHERE a.status = 'open' AND a.due_on <= \(bind: soon) \(from)
            ORDER BY a.due_on, a.id LIMIT \(unsafeRaw: String(batch))
            """).all()
        var list: [Reminder] = []
        var last: (due: CalendarDate, id: UUID)?
        for row in rows {
            let id = try row.decode(column: "id", as: UUID.self), due = try row.decode(column: "due_on", as: CalendarDate.self)
            last = (due, id)
            let plan = try row.decode(column: "number", as: String?.self) ?? (try row.decode(column: "title", as: String.self))
            let name = "nhiệm vụ \(try row.decode(column: "no", as: Int.self)) của kế hoạch \(plan)"
            let unitID = try row.decode(column: "unit_id", as: UUID.self)
            list.append(due < today
                ? Reminder(key: "\(id)|overdue|\(due)", unitID: unitID, text: "Quá hạn: \(name) (hạn \(due.display)) chưa hoàn thành.")
                : Reminder(key: "\(id)|due-soon|\(due)", unitID: unitID, text: "Sắp đến hạn: \(name) — hạn \(due.display)."))
        }
        return (list, last)
    }

    /// Evidence sent back to its unit (few at any time).
    static func rejectedEvidence(on db: any Database) async throws -> [Reminder] {
        try await Activity.query(on: db).filter(\.$review == .rejected).with(\.$task).all().compactMap { activity in
            guard let id = activity.id else { return nil }
            return Reminder(key: "\(id)|rejected", unitID: activity.$unit.id,
                            text: "Minh chứng \"\(activity.title)\" (nhiệm vụ \(activity.task.no)) bị trả lại"
                                + (activity.reviewNote.map { ": \($0)" } ?? "."))
        }
    }

    /// Sends what has not gone out yet; returns how many reminders this call sent.
    @discardableResult
    static func run(today: CalendarDate, now: Date, mailer: (any Mailer)? = nil, logger: Logger? = nil, on db: any Database) async throws -> Int {
        var sent = 0
        var after: (due: CalendarDate, id: UUID)?
        repeat {
            let page = try await pendingAssignments(today: today, after: after, on: db)
            sent += try await send(page.reminders, now: now, mailer: mailer, logger: logger, on: db)
            after = page.reminders.count == batch ? page.last : nil
        } while after != nil
        for chunk in try await rejectedEvidence(on: db).chunked(batch) {
            sent += try await send(Array(chunk), now: now, mailer: mailer, logger: logger, on: db)
        }
        return sent
    }

    /// One batch: the reminders not yet claimed are claimed together with their notices in one transaction; when
    /// another instance claimed some of them meanwhile, each is tried on its own. Mail goes out after the claim.
    static func send(_ due: [Reminder], now: Date, mailer: (any Mailer)?, logger: Logger?, on db: any Database) async throws -> Int {
        guard !due.isEmpty else { return 0 }
        let known = Set(try await ReminderSent.query(on: db).filter(\.$key ~~ due.map(\.key)).all().map(\.key))
        let fresh = due.filter { !known.contains($0.key) }
        guard !fresh.isEmpty else { return 0 }
        let users = Dictionary(grouping: try await User.query(on: db).filter(\.$unit.$id ~~ Set(fresh.map(\.unitID)))
            .filter(\.$isActive == true).all(), by: { $0.$unit.id })
        func claim(_ reminders: [Reminder]) async throws {
            try await db.write { db in
                try await reminders.map { ReminderSent(key: $0.key, at: now) }.create(on: db)
                let notices = try reminders.flatMap { r in try (users[r.unitID] ?? []).map { Notice(userID: try $0.requireID(), text: r.text, at: now) } }
                for chunk in notices.chunked(500) { try await Array(chunk).create(on: db) }
            }
        }
        var claimed: [Reminder] = []
        do {
            try await claim(fresh)
            claimed = fresh
        } catch let error as any DatabaseError where error.isConstraintFailure {
            for reminder in fresh {
                do {
                    try await claim([reminder])
                    claimed.append(reminder)
                } catch let error as any DatabaseError where error.isConstraintFailure {
                    continue
                }
            }
        }
        guard let mailer else { return claimed.count }
        for reminder in claimed {
            for user in users[reminder.unitID] ?? [] {
                guard let address = user.email, !address.isEmpty else { continue }
                do {
                    try await mailer.send(MailMessage(to: address, subject: "[CCHC] " + reminder.text.prefix(80),
                                                      body: "Kính gửi \(user.fullName),\n\n\(reminder.text)\n\nHệ thống quản lý kế hoạch tuyên truyền CCHC."))
                } catch {
                    // The notice is in the app; a mail server that is down does not make the reminder go out twice.
                    logger?.warning("reminders: e-mail to \(address) failed: \(error)")
                }
            }
        }
        return claimed.count
    }
}
