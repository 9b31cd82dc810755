import Domain
import Fluent
import Foundation
import Vapor

/// The reminders of questions not yet answered, by the province's working days: before the deadline (the settings'
/// `remindBefore` working days), on the day, and every `overdueEvery` working days past it, to the unit; once overdue,
/// once per question, to the unit above (escalation). They go out through `ReminderService.send`, whose claim on each key
/// makes every reminder go out once whatever the number of instances. Askers waiting past the deadline are told every
/// `overdueEvery` working days that their question is still being handled (the Ministry's portal practice).
enum QuestionReminders {
    struct Due: Sendable {
        var reminders: [ReminderService.Reminder] = []
        /// (claim key, question) pairs for the askers' updates.
        var askers: [(key: String, question: CitizenQuestion)] = []
    }

    static func pending(today: CalendarDate, on db: any Database) async throws -> Due {
        let open = try await CitizenQuestion.query(on: db).filter(\.$status != .answered).with(\.$unit).all()
        var settings: [UUID: QuestionService.Settings] = [:]
        var due = Due()
        for q in open {
            guard let id = q.id else { continue }
            let province = q.$province.id
            if settings[province] == nil { settings[province] = try await QuestionService.settings(province: province, on: db) }
            guard let s = settings[province] else { continue }
            let name = "câu hỏi \(q.code) (\(q.area.label.lowercased()))"
            if today < q.dueOn {
                if s.deadlines.remindBefore > 0, let from = s.calendar.subtracting(workingDays: s.deadlines.remindBefore, from: q.dueOn), today >= from {
                    due.reminders.append(.init(key: "q|\(id)|soon|\(q.dueOn)", unitID: q.$unit.id,
                                               text: "Sắp đến hạn trả lời \(name) của người dân: hạn \(q.dueOn.display)."))
                }
            } else if today == q.dueOn {
                due.reminders.append(.init(key: "q|\(id)|due|\(q.dueOn)", unitID: q.$unit.id,
                                           text: "Hôm nay (\(q.dueOn.display)) là hạn trả lời \(name) của người dân."))
            } else {
                let late = s.calendar.workingDays(after: q.dueOn, through: today)
                let round = late / max(1, s.deadlines.overdueEvery)
                due.reminders.append(.init(key: "q|\(id)|late|\(q.dueOn)|\(round)", unitID: q.$unit.id,
                                           text: "Quá hạn trả lời \(name) của người dân (hạn \(q.dueOn.display), đã quá \(late) ngày làm việc)."))
                if let parent = q.unit.$parent.id {
                    due.reminders.append(.init(key: "q|\(id)|escalate", unitID: parent,
                                               text: "\(q.unit.name) chưa trả lời \(name) của người dân, hạn \(q.dueOn.display): đề nghị đôn đốc."))
                }
                if late >= s.deadlines.overdueEvery, q.askerContact != nil {
                    due.askers.append(("q|\(id)|asker|\(q.dueOn)|\(round)", q))
                }
            }
        }
        return due
    }

    /// Sends what is due; returns how many reminders (to units and askers) this call sent.
    @discardableResult
    static func run(today: CalendarDate, now: Date, mailer: (any Mailer)?, notifier: QuestionNotifier?, logger: Logger?, on db: any Database) async throws -> Int {
        let due = try await pending(today: today, on: db)
        var sent = 0
        for chunk in due.reminders.chunked(ReminderService.batch) {
            sent += try await ReminderService.send(Array(chunk), now: now, mailer: mailer, logger: logger, on: db)
        }
        guard let notifier else { return sent }
        for (key, question) in due.askers {
            do {
                try await db.write { db in try await ReminderSent(key: key, at: now).create(on: db) }
            } catch let error as any DatabaseError where error.isConstraintFailure {
                continue
            }
            await notifier.update(question, now: now, on: db)
            sent += 1
        }
        return sent
    }
}
