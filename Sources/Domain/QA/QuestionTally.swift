import Foundation

/// The Q&A figures: received, answered on time or late, open, and overdue (open past its deadline), overall and by a key
/// (unit, topic, channel, month).
public enum QuestionTally {
    public struct Row: Sendable {
        public let unit: String
        public let area: ReformArea
        public let channel: QuestionChannel
        public let receivedOn: CalendarDate
        public let dueOn: CalendarDate
        public let answeredOn: CalendarDate?

        public init(unit: String, area: ReformArea, channel: QuestionChannel, receivedOn: CalendarDate, dueOn: CalendarDate, answeredOn: CalendarDate?) {
            self.unit = unit
            self.area = area
            self.channel = channel
            self.receivedOn = receivedOn
            self.dueOn = dueOn
            self.answeredOn = answeredOn
        }
    }

    public struct Counts: Sendable, Codable, Equatable {
        public var received = 0
        public var answeredOnTime = 0
        public var answeredLate = 0
        public var open = 0
        public var overdue = 0

        public init() {}

        /// Answered on time among those answered, in percent with one decimal (nil: none answered).
        public var onTimePercent: Double? {
            let answered = answeredOnTime + answeredLate
            return answered == 0 ? nil : (Double(answeredOnTime) * 1000 / Double(answered)).rounded() / 10
        }

        mutating func add(_ row: Row, today: CalendarDate) {
            received += 1
            if let answered = row.answeredOn {
                if answered <= row.dueOn { answeredOnTime += 1 } else { answeredLate += 1 }
            } else {
                open += 1
                if row.dueOn < today { overdue += 1 }
            }
        }
    }

    public struct Line: Sendable, Codable, Equatable {
        public let key: String
        public let counts: Counts
    }

    public static func total(_ rows: [Row], today: CalendarDate) -> Counts {
        var counts = Counts()
        for row in rows { counts.add(row, today: today) }
        return counts
    }

    /// Counts by `key`, in the order of the keys (`order` first when given, then by most received).
    public static func by(_ rows: [Row], today: CalendarDate, key: (Row) -> String) -> [Line] {
        var table: [String: Counts] = [:]
        for row in rows { table[key(row), default: Counts()].add(row, today: today) }
        return table.map { Line(key: $0.key, counts: $0.value) }.sorted { ($0.counts.received, $1.key) > ($1.counts.received, $0.key) }
    }
}
