import Domain
import Fluent
import Foundation
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

    /// What is due today (Asia/Ho_Chi_Minh): an assignment turns overdue at the first midnight after its due date.
    static func pending(today: CalendarDate, on db: any Database) async throws -> [Reminder] {
        let soon = today.adding(days: soonDays) ?? today
        var list: [Reminder] = []
        let open = try await Assignment.query(on: db).filter(\.$status == .open).filter(\.$dueOn <= soon)
            .with(\.$task).with(\.$plan).all()
        for a in open {
            guard let id = a.id else { continue }
            let name = "nhiệm vụ \(a.task.no) của kế hoạch \(a.plan.number ?? a.plan.title)"
            if a.dueOn < today {
                list.append(Reminder(key: "\(id)|overdue|\(a.dueOn)", unitID: a.$unit.id,
                                     text: "Quá hạn: \(name) (hạn \(a.dueOn.display)) chưa hoàn thành."))
            } else {
                list.append(Reminder(key: "\(id)|due-soon|\(a.dueOn)", unitID: a.$unit.id,
                                     text: "Sắp đến hạn: \(name) — hạn \(a.dueOn.display)."))
            }
        }
        let rejected = try await Activity.query(on: db).filter(\.$review == .rejected).with(\.$task).all()
        for activity in rejected {
            guard let id = activity.id else { continue }
            list.append(Reminder(key: "\(id)|rejected", unitID: activity.$unit.id,
                                 text: "Minh chứng \"\(activity.title)\" (nhiệm vụ \(activity.task.no)) bị trả lại"
                                     + (activity.reviewNote.map { ": \($0)" } ?? ".")))
        }
        return list
    }

    /// Sends what has not gone out yet; returns how many reminders this call sent.
    @discardableResult
    static func run(today: CalendarDate, now: Date, mailer: (any Mailer)? = nil, logger: Logger? = nil, on db: any Database) async throws -> Int {
        let due = try await pending(today: today, on: db)
        guard !due.isEmpty else { return 0 }
        let known = Set(try await ReminderSent.query(on: db).filter(\.$key ~~ due.map(\.key)).all().map(\.key))
        var sent = 0
        for reminder in due where !known.contains(reminder.key) {
            let users = try await User.query(on: db).filter(\.$unit.$id == reminder.unitID).filter(\.$isActive == true).all()
            do {
                try await db.write { db in
                    // Claimed first: when another instance got there before, the unique key refuses and nothing is sent.
                    try await ReminderSent(key: reminder.key, at: now).create(on: db)
                    for user in users { try await Notice(userID: try user.requireID(), text: reminder.text, at: now).create(on: db) }
                }
                sent += 1
            } catch let error as any DatabaseError where error.isConstraintFailure {
                continue
            }
            guard let mailer else { continue }
            for user in users {
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
        return sent
    }
}
