import Domain
import Fluent
import Foundation
import Vapor

/// A daily e-mail to each active account with an address: its unit's overdue work, work due within a week, and what
/// is open, from 07:00 Vietnam time, once a day (claimed like reminders), only when there is something to say.
enum DigestService {
    static let hour = 7

    @discardableResult
    static func run(now: Date, mailer: any Mailer, logger: Logger? = nil, on db: any Database) async throws -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = AppClock.zone
        guard calendar.component(.hour, from: now) >= hour else { return 0 }
        let today = AppClock.calendarDate(now)
        let soon = today.adding(days: ReminderService.soonDays) ?? today
        let users = try await User.query(on: db).filter(\.$isActive == true).filter(\.$email != nil).all().filter { !($0.email ?? "").isEmpty }
        var sent = 0
        for user in users {
            let open = try await Assignment.query(on: db).filter(\.$unit.$id == user.$unit.id).filter(\.$status == .open).with(\.$task).with(\.$plan).all()
            let overdue = open.filter { $0.dueOn < today }
            let dueSoon = open.filter { $0.dueOn >= today && $0.dueOn <= soon }
            guard !overdue.isEmpty || !dueSoon.isEmpty else { continue }
            let key = "digest|\(try user.requireID())|\(today)"
            do {
                try await db.write { db in try await ReminderSent(key: key, at: now).create(on: db) }
            } catch let error as any DatabaseError where error.isConstraintFailure {
                continue
            }
            func lines(_ list: [Assignment]) -> String {
                list.sorted { $0.dueOn < $1.dueOn }.prefix(20).map { "- Nhiệm vụ \($0.task.no) (\($0.plan.number ?? $0.plan.title)), hạn \($0.dueOn.display)" }
                    .joined(separator: "\n")
            }
            var body = "Kính gửi \(user.fullName),\n\nViệc của đơn vị ngày \(today.display):\n"
            if !overdue.isEmpty { body += "\nQuá hạn (\(overdue.count)):\n" + lines(overdue) + "\n" }
            if !dueSoon.isEmpty { body += "\nĐến hạn trong 7 ngày (\(dueSoon.count)):\n" + lines(dueSoon) + "\n" }
            body += "\nĐang thực hiện: \(open.count) phân công.\n\nHệ thống quản lý kế hoạch tuyên truyền CCHC."
            do {
                try await mailer.send(MailMessage(to: user.email ?? "", subject: "[CCHC] Việc của đơn vị ngày \(today.display)", body: body))
                sent += 1
            } catch {
                logger?.warning("digest: e-mail to \(user.email ?? "") failed: \(error)")
            }
        }
        return sent
    }
}
