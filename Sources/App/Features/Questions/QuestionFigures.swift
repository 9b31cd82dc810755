import Domain
import Fluent
import SQLKit
import Vapor

/// The Q&A figures of the units in a scope for a year (by the day each question was received).
enum QuestionFigures {
    struct Summary: Content {
        let year: Int
        let total: QuestionTally.Counts
        let onTimePercent: Double?
        let byUnit: [QuestionTally.Line]
        let byArea: [QuestionTally.Line]
        let byChannel: [QuestionTally.Line]
        let byMonth: [QuestionTally.Line]
    }

    static func rows(scope: UnitScope, from: CalendarDate, through: CalendarDate, on db: any Database) async throws -> [QuestionTally.Row] {
        guard let sql = db as? any SQLDatabase else { return [] }
        let rows = try await sql.raw("""
            SELECT u.name AS unit, q.area AS area, q.channel AS channel, q.received_on AS received_on, q.due_on AS due_on,
                   q.answered_on AS answered_on
            FROM citizen_questions q JOIN units u ON u.id = q.unit_id
            WHERE \(scope.sql("q.unit_id")) AND q.received_on >= \(bind: from) AND q.received_on <= \(bind: through)
            """).all()
        return rows.compactMap { row in
            guard let unit = try? row.decode(column: "unit", as: String.self),
                  let area = (try? row.decode(column: "area", as: String.self)).flatMap(ReformArea.init(rawValue:)),
                  let channel = (try? row.decode(column: "channel", as: String.self)).flatMap(QuestionChannel.init(rawValue:)),
                  let received = try? row.decode(column: "received_on", as: CalendarDate.self),
                  let due = try? row.decode(column: "due_on", as: CalendarDate.self) else { return nil }
            return QuestionTally.Row(unit: unit, area: area, channel: channel, receivedOn: received, dueOn: due,
                                     answeredOn: try? row.decode(column: "answered_on", as: CalendarDate?.self))
        }
    }

    static func compute(scope: UnitScope, year: Int, today: CalendarDate, on db: any Database) async throws -> Summary {
        guard let from = CalendarDate(year: year, month: 1, day: 1), let through = CalendarDate(year: year, month: 12, day: 31) else {
            throw AppError.badRequest("Năm không hợp lệ.")
        }
        let list = try await rows(scope: scope, from: from, through: through, on: db)
        let total = QuestionTally.total(list, today: today)
        return Summary(year: year, total: total, onTimePercent: total.onTimePercent,
                       byUnit: QuestionTally.by(list, today: today) { $0.unit },
                       byArea: QuestionTally.by(list, today: today) { $0.area.label },
                       byChannel: QuestionTally.by(list, today: today) { $0.channel.label },
                       byMonth: QuestionTally.by(list, today: today) { String(format: "%02d/%d", $0.receivedOn.month, $0.receivedOn.year) }
                        .sorted { $0.key.split(separator: "/").reversed().joined() < $1.key.split(separator: "/").reversed().joined() })
    }
}
