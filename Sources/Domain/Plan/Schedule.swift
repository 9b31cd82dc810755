import Foundation

/// When the work of one task falls due, from its timeframe and the plan's year: one final due date, and for a
/// recurring task one occurrence per period ("thứ Bảy tuần cuối cùng của mỗi tháng" over 2022 → the twelve last
/// Saturdays). The window is the timeframe's months, or the whole plan year when it names none.
public struct Schedule: Equatable, Sendable {
    public struct Occurrence: Equatable, Sendable {
        public var due: CalendarDate
        /// "Tháng 01/2022", "Quý I/2022", "Tuần 03/01/2022 – 09/01/2022", "Năm 2022".
        public var label: String
    }

    public var start: CalendarDate
    public var due: CalendarDate
    public var occurrences: [Occurrence]

    private static let weekdayNumbers = ["sunday": 0, "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5,
                                         "saturday": 6]

    /// Nil only when neither the timeframe nor the plan gives a year.
    public init?(timeframe: Timeframe, planYear: Int?) {
        let year = timeframe.start?.year ?? timeframe.end?.year ?? timeframe.deadline?.year ?? planYear
        guard let year, let january = YearMonth(year: year, month: 1), let december = YearMonth(year: year, month: 12) else {
            return nil
        }
        let firstMonth = timeframe.start ?? (timeframe.recurrence == nil ? (timeframe.end ?? timeframe.deadline?.yearMonth) : nil) ?? january
        let lastMonth = max(firstMonth, timeframe.end ?? timeframe.deadline?.yearMonth ?? (timeframe.recurrence == nil && timeframe.start != nil ? firstMonth : december))
        guard let start = CalendarDate(year: firstMonth.year, month: firstMonth.month, day: 1),
              let endOfWindow = Self.lastDay(of: lastMonth) else { return nil }
        self.start = start
        let months = Self.months(from: firstMonth, to: lastMonth)
        let everyMonths = (timeframe.rule ?? "").hasPrefix("every ") ? Int((timeframe.rule ?? "").split(separator: " ").dropFirst().first ?? "") : nil
        switch timeframe.recurrence {
        case nil where everyMonths != nil:
            // "every 6 months": the end of each period, counted from the window's first month.
            let step = everyMonths ?? 12
            occurrences = months.enumerated().filter { ($0.offset + 1) % step == 0 || $0.element == lastMonth }.compactMap { _, month in
                Self.lastDay(of: month).map { Occurrence(due: $0, label: "Kỳ đến tháng \(Self.monthText(month))") }
            }
        case .monthly:
            occurrences = months.compactMap { month in
                Self.monthlyDue(month, rule: timeframe.rule).map { Occurrence(due: $0, label: "Tháng \(Self.monthText(month))") }
            }
        case .quarterly:
            occurrences = months.filter { $0.month % 3 == 0 || $0 == lastMonth }.compactMap { month in
                Self.lastDay(of: month).map { Occurrence(due: $0, label: "Quý \(Self.roman[(month.month - 1) / 3])/\(month.year)") }
            }
        case .weekly:
            // A week is due on its Sunday; the window's last, partial week on the window's last day.
            var list: [Occurrence] = []
            var day = start
            while day <= endOfWindow {
                let sunday = day.adding(days: (7 - day.weekday) % 7) ?? endOfWindow
                let due = min(sunday, endOfWindow)
                list.append(Occurrence(due: due, label: "Tuần \(day.display) – \(due.display)"))
                guard let next = due.adding(days: 1) else { break }
                day = next
            }
            occurrences = list
        case .yearly:
            occurrences = [Occurrence(due: endOfWindow, label: "Năm \(lastMonth.year)")]
        case .continuous, nil:
            occurrences = []
        }
        due = timeframe.deadline ?? occurrences.last?.due ?? endOfWindow
    }

    static let roman = ["I", "II", "III", "IV"]

    static func monthText(_ month: YearMonth) -> String { (month.month < 10 ? "0" : "") + "\(month.month)/\(month.year)" }

    static func lastDay(of month: YearMonth) -> CalendarDate? {
        CalendarDate(year: month.year, month: month.month, day: CalendarDate.daysIn(month: month.month, year: month.year))
    }

    static func months(from first: YearMonth, to last: YearMonth) -> [YearMonth] {
        var list: [YearMonth] = []
        var (y, m) = (first.year, first.month)
        while let current = YearMonth(year: y, month: m), current <= last {
            list.append(current)
            (y, m) = m == 12 ? (y + 1, 1) : (y, m + 1)
        }
        return list
    }

    /// The due day within `month`: "last saturday" → the month's last Saturday, "first monday" → its first Monday,
    /// "day 15" → the 15th (the last day in shorter months); otherwise the month's last day.
    static func monthlyDue(_ month: YearMonth, rule: String?) -> CalendarDate? {
        guard let last = lastDay(of: month) else { return nil }
        let words = (rule ?? "").lowercased().split(separator: " ").map(String.init)
        if let name = words.last, let weekday = weekdayNumbers[name] {
            if words.first == "first", let first = CalendarDate(year: month.year, month: month.month, day: 1) {
                return first.adding(days: (weekday - first.weekday + 7) % 7)
            }
            return last.adding(days: -((last.weekday - weekday + 7) % 7))
        }
        if words.count == 2, words[0] == "day", let day = Int(words[1]), day >= 1 {
            return CalendarDate(year: month.year, month: month.month, day: min(day, last.day))
        }
        return last
    }
}
