import Foundation

/// The four reports of a year: first quarter, half-year, third quarter, year (the year's is folded into the unit's
/// reform report). Each covers a data range ending on the 14th of its last month, the figures being due a few days
/// later, so the level above can consolidate before its own deadline.
public enum ReportPeriod: String, CaseIterable, Codable, Sendable, Comparable {
    case q1, half, q3, year

    public var label: String {
        switch self {
        case .q1: return "Quý I"
        case .half: return "6 tháng đầu năm"
        case .q3: return "Quý III"
        case .year: return "Năm"
        }
    }

    /// "quý I năm 2025", "6 tháng đầu năm 2025", "quý III năm 2025", "năm 2025": the end of a report's title.
    public func phrase(year: Int) -> String {
        switch self {
        case .q1: return "quý I năm \(year)"
        case .half: return "6 tháng đầu năm \(year)"
        case .q3: return "quý III năm \(year)"
        case .year: return "năm \(year)"
        }
    }

    /// The month the period's data range ends in (and its report falls due in).
    public var lastMonth: Int {
        switch self {
        case .q1: return 3
        case .half: return 6
        case .q3: return 9
        case .year: return 12
        }
    }

    public static func < (a: ReportPeriod, b: ReportPeriod) -> Bool { a.lastMonth < b.lastMonth }
}

/// The dates of one period's report for one tier of units: the data range (both ends included) and the due date.
public struct ReportWindow: Codable, Sendable, Equatable {
    public let period: ReportPeriod
    public let year: Int
    public let from: CalendarDate
    public let to: CalendarDate
    public let due: CalendarDate

    public init(period: ReportPeriod, year: Int, from: CalendarDate, to: CalendarDate, due: CalendarDate) {
        self.period = period
        self.year = year
        self.from = from
        self.to = to
        self.due = due
    }

    /// The day of the last month the report is due, by how deep the unit sits: the top unit (a province) by the
    /// 20th, the units right below it three days earlier, those further below three days earlier again.
    public static func defaultDueDay(tier: Int) -> Int { max(5, 20 - 3 * max(0, tier)) }

    /// The customary ranges: Q1 15/12 (previous year)–14/3, half-year 15/12–14/6, Q3 15/6–14/9, year 15/12–14/12.
    public static func standard(_ period: ReportPeriod, year: Int, tier: Int) -> ReportWindow? {
        let startsPreviousYear = period != .q3
        guard let from = startsPreviousYear ? CalendarDate(year: year - 1, month: 12, day: 15) : CalendarDate(year: year, month: 6, day: 15),
              let to = CalendarDate(year: year, month: period.lastMonth, day: 14),
              let due = CalendarDate(year: year, month: period.lastMonth, day: defaultDueDay(tier: tier)) else { return nil }
        return ReportWindow(period: period, year: year, from: from, to: to, due: due)
    }

    public func contains(_ date: CalendarDate) -> Bool { date >= from && date <= to }

    /// "15/12/2024 – 14/03/2025".
    public var rangeText: String { "\(from.display) – \(to.display)" }

    /// Whether a report submitted on `day` (in Vietnam) came after its due date.
    public func isLate(submittedOn day: CalendarDate) -> Bool { day > due }

    /// A range that reads backwards or a due date before the data range ends is refused.
    public var problem: String? {
        if to < from { return "Ngày kết thúc số liệu phải sau ngày bắt đầu." }
        if due < to { return "Hạn nộp phải từ ngày chốt số liệu trở đi." }
        return nil
    }
}
