import Foundation

/// The geometry of a plan's timeline: months across, tasks down, each task's window as a bar, its occurrences
/// as marks, and a line for today. Numbers only (in SVG user units), so a template draws it without logic.
public struct TimelineLayout: Equatable, Sendable {
    public struct Item: Equatable, Sendable {
        public var label: String
        public var start: CalendarDate
        public var due: CalendarDate
        public var occurrences: [CalendarDate]
        /// A CSS class: "draft", "open", "upcoming", "overdue", "done".
        public var status: String

        public init(label: String, start: CalendarDate, due: CalendarDate, occurrences: [CalendarDate], status: String) {
            self.label = label
            self.start = start
            self.due = due
            self.occurrences = occurrences
            self.status = status
        }
    }

    public struct Month: Equatable, Sendable, Encodable {
        public var x: Double
        public var width: Double
        public var label: String
    }

    public struct Row: Equatable, Sendable, Encodable {
        public var y: Double
        public var textY: Double
        public var label: String
        public var barX: Double
        public var barWidth: Double
        public var marks: [Double]
        public var status: String
        public var title: String
    }

    public static let labelWidth = 260.0
    public static let chartWidth = 840.0
    public static let rowHeight = 26.0
    public static let headerHeight = 30.0

    public var width: Double { Self.labelWidth + Self.chartWidth }
    public var height: Double
    public var months: [Month]
    public var rows: [Row]
    /// Where today falls, when it falls inside the year.
    public var today: Double?

    public init(year: Int, items: [Item], today: CalendarDate) {
        guard let first = CalendarDate(year: year, month: 1, day: 1), let last = CalendarDate(year: year, month: 12, day: 31) else {
            (height, months, rows, self.today) = (Self.headerHeight, [], [], nil)
            return
        }
        let days = Double(last.daysSince1970 - first.daysSince1970 + 1)
        func x(_ date: CalendarDate) -> Double {
            let offset = Double(min(max(date.daysSince1970, first.daysSince1970), last.daysSince1970 + 1) - first.daysSince1970)
            return Self.labelWidth + offset / days * Self.chartWidth
        }
        months = (1...12).compactMap { m in
            guard let start = CalendarDate(year: year, month: m, day: 1),
                  let end = CalendarDate(year: year, month: m, day: CalendarDate.daysIn(month: m, year: year))?.adding(days: 1) else { return nil }
            return Month(x: x(start), width: x(end) - x(start), label: "T\(m)")
        }
        rows = items.enumerated().map { index, item in
            let y = Self.headerHeight + Double(index) * Self.rowHeight
            let barStart = x(item.start)
            let barEnd = max(x(item.due.adding(days: 1) ?? item.due), barStart + 3)
            let label = item.label.count > 42 ? String(item.label.prefix(41)) + "…" : item.label
            return Row(y: y + 5, textY: y + 17, label: label, barX: barStart, barWidth: barEnd - barStart,
                       marks: item.occurrences.map { x($0) + 0.5 }, status: item.status,
                       title: "\(item.label): \(item.start.display) – \(item.due.display)")
        }
        height = Self.headerHeight + Double(items.count) * Self.rowHeight + 6
        self.today = (first...last).contains(today) ? x(today) : nil
    }
}
