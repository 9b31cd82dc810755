import Foundation

/// Working days: Monday to Friday, less the public holidays of a calendar kept as data (each year the Government
/// announces the days off for Tết and the holidays that fall on a weekend, so the list is edited, not computed).
public struct WorkingCalendar: Sendable, Equatable {
    public let holidays: Set<CalendarDate>

    public init(holidays: Set<CalendarDate> = []) { self.holidays = holidays }

    public func isWorkingDay(_ day: CalendarDate) -> Bool {
        day.weekday != 0 && day.weekday != 6 && !holidays.contains(day)
    }

    /// The `count`-th working day after `start` (the day itself not counted): a question received on a Friday with
    /// a 5-day deadline is due the next Friday. Nil only outside the calendar's years.
    public func adding(workingDays count: Int, to start: CalendarDate) -> CalendarDate? {
        var day = start
        var left = max(0, count)
        // A year holds well over 200 working days; the bound keeps a broken calendar (every day a holiday) finite.
        var steps = 0
        while left > 0 {
            guard let next = day.adding(days: 1), steps < 4000 else { return nil }
            day = next
            steps += 1
            if isWorkingDay(day) { left -= 1 }
        }
        return day
    }

    /// The `count`-th working day before `end` (or `end` for 0).
    public func subtracting(workingDays count: Int, from end: CalendarDate) -> CalendarDate? {
        var day = end
        var left = max(0, count)
        var steps = 0
        while left > 0 {
            guard let previous = day.adding(days: -1), steps < 4000 else { return nil }
            day = previous
            steps += 1
            if isWorkingDay(day) { left -= 1 }
        }
        return day
    }

    /// Working days after `start` up to and including `end` (0 when `end` is not after `start`).
    public func workingDays(after start: CalendarDate, through end: CalendarDate) -> Int {
        guard start < end else { return 0 }
        var count = 0
        var day = start
        while day < end, let next = day.adding(days: 1) {
            day = next
            if isWorkingDay(day) { count += 1 }
        }
        return count
    }

    // MARK: The calendar as text

    /// One line per holiday or run of holidays: "01/01/2026 Tết Dương lịch", "16/02/2026 - 20/02/2026 Tết Nguyên đán",
    /// or ISO dates; "#" starts a comment. Problems are reported by line, in Vietnamese.
    public static func parse(_ text: String) -> (calendar: WorkingCalendar, problems: [String]) {
        var days = Set<CalendarDate>()
        var problems: [String] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init)?
                .trimmingCharacters(in: .whitespaces) ?? ""
            guard !line.isEmpty else { continue }
            let dates = Self.dates(in: line)
            switch dates.count {
            case 1: days.insert(dates[0])
            case 2...:
                let (from, to) = (dates[0], dates[1])
                guard from <= to else { problems.append("Dòng \(index + 1): ngày bắt đầu sau ngày kết thúc."); continue }
                let span = to.daysSince1970 - from.daysSince1970
                guard span <= 31 else { problems.append("Dòng \(index + 1): một đợt nghỉ dài hơn 31 ngày."); continue }
                for offset in 0...span { if let d = from.adding(days: offset) { days.insert(d) } }
            default:
                problems.append("Dòng \(index + 1): không đọc được ngày (viết dd/mm/yyyy, ví dụ 30/04/2026).")
            }
        }
        return (WorkingCalendar(holidays: days), problems)
    }

    /// The dates a line names, in order ("dd/mm/yyyy", "d-m-yyyy" or "yyyy-mm-dd").
    static func dates(in line: String) -> [CalendarDate] {
        var found: [CalendarDate] = []
        var numbers: [Int] = []
        var current = ""
        func flushNumber() {
            if !current.isEmpty, current.count <= 4, let n = Int(current) { numbers.append(n) } else if !current.isEmpty { numbers = [] }
            current = ""
        }
        func tryDate() {
            guard numbers.count == 3 else { return }
            let date = numbers[0] > 31 ? CalendarDate(year: numbers[0], month: numbers[1], day: numbers[2])
                                       : CalendarDate(year: numbers[2], month: numbers[1], day: numbers[0])
            if let date { found.append(date) }
            numbers = []
        }
        for ch in line + " " {
            if ch.isASCII, ch.isNumber {
                current.append(ch)
            } else if (ch == "/" || ch == "-" || ch == ".") && !current.isEmpty && numbers.count < 2 {
                flushNumber()
            } else {
                flushNumber()
                tryDate()
                numbers = []
            }
        }
        return found
    }

    /// The holidays of Vietnam as announced for 2025–2027 (Labour Code 2019, art. 112, and the Prime Minister's notices
    /// on Tết): shipped as the starting calendar, to be edited when a year's notice comes out.
    public static let vietnamDefaultText = """
        # Năm 2025
        01/01/2025 Tết Dương lịch
        25/01/2025 - 02/02/2025 Tết Nguyên đán Ất Tỵ
        07/04/2025 Giỗ Tổ Hùng Vương
        30/04/2025 - 02/05/2025 Ngày Chiến thắng, Quốc tế Lao động (nghỉ bù 02/05)
        01/09/2025 - 02/09/2025 Quốc khánh
        # Năm 2026
        01/01/2026 - 02/01/2026 Tết Dương lịch
        14/02/2026 - 22/02/2026 Tết Nguyên đán Bính Ngọ
        27/04/2026 Giỗ Tổ Hùng Vương (nghỉ bù, 10/3 âm lịch là Chủ nhật)
        30/04/2026 - 01/05/2026 Ngày Chiến thắng, Quốc tế Lao động
        01/09/2026 - 02/09/2026 Quốc khánh
        # Năm 2027
        01/01/2027 Tết Dương lịch
        05/02/2027 - 11/02/2027 Tết Nguyên đán Đinh Mùi
        16/04/2027 Giỗ Tổ Hùng Vương
        30/04/2027 Ngày Chiến thắng
        03/05/2027 Quốc tế Lao động (nghỉ bù, 01/05 là thứ Bảy)
        02/09/2027 - 03/09/2027 Quốc khánh
        """
}
