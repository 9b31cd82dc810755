import Foundation

/// Reads the Vietnamese timeframe phrases plans use ("Tháng 5-10/2025", "Chậm nhất tháng 4/2025",
/// "Hàng quý", "Định kỳ ngày thứ Bảy của tuần cuối cùng trong tháng", …). The plan's year fills in
/// what the text omits. Anything not understood keeps its text with null dates.
public struct TimeframeParser: Sendable {
    public let planYear: Int?

    public init(planYear: Int?) {
        self.planYear = planYear
    }

    public func parse(_ raw: String) -> Timeframe {
        let text = VietnameseText.clean(raw)
        var result = Timeframe(text: text)
        guard !text.isEmpty else { return result }
        // "Tháng 01/2024 – Trước 17/01": a start and a finish written in one cell (or joined from two columns).
        let halves = text.components(separatedBy: " – ")
        if halves.count == 2 {
            let (a, b) = (parse(halves[0]), parse(halves[1]))
            if a.isUnderstood && b.isUnderstood && a.deadline == nil { return Self.merge(start: a, finish: b) }
        }
        let f = Self.normalise(VietnameseText.fold(text))

        if Self.conditionClause(f) != nil {
            // "Hằng tháng, khi nhận được văn bản …": the schedule comes from the words before the condition,
            // and the condition itself goes to the task's notes (see `trailingCondition`).
            if let split = Self.splitCondition(text), !split.head.isEmpty {
                var head = parse(split.head)
                if head.isUnderstood {
                    head.text = text
                    return head
                }
            }
            // Only a condition ("Khi có yêu cầu"): kept whole; it has no calendar dates of its own.
            result.rule = text
            return result
        }
        if let weekday = Self.lastWeekdayRule(f) {
            result.recurrence = .monthly
            result.rule = weekday
            fillYear(&result)
            return result
        }
        if let months = Self.everyMonths(f) {
            // "6 tháng/lần", "3 tháng một lần": a period the recurrences do not name; the rule says it, the schedule counts it.
            result.rule = "every \(months) months"
            fillYear(&result)
            return result
        }
        if let recurrence = Self.recurrence(f) {
            result.recurrence = recurrence
            if recurrence == .monthly, let day = Self.dayOfMonth(f) { result.rule = "day \(day)" }
            fillYear(&result)
            if let (s, e) = explicitRange(f) {
                result.start = s
                result.end = e
            }
            return result
        }
        if let (first, last) = dateRange(f) {
            // "01/01/2025 - 31/12/2025"
            result.start = first.yearMonth
            result.end = last.yearMonth
            result.deadline = last
            return result
        }
        if f.hasPrefix("ngay "), let day = deadline("truoc " + f.dropFirst(5))?.date {
            // "Ngày 09/11/2025": an event on one day
            result.start = day.yearMonth
            result.end = day.yearMonth
            result.deadline = day
            return result
        }
        if let (s, e) = quarter(f) ?? halfYear(f) ?? partOfYear(f) {
            result.start = s
            result.end = e
            return result
        }
        if let deadline = deadline(f) {
            result.deadline = deadline.date
            result.end = deadline.month
            return result
        }
        if let (s, e) = explicitRange(f) {
            result.start = s
            // "Từ tháng 3/2025" with no end runs to the end of that year
            result.end = f.hasPrefix("tu ") && s == e && !f.contains("-") ? YearMonth(year: s.year, month: 12) : e
            return result
        }
        if let year = Self.wholeYear(f) {
            result.start = YearMonth(year: year, month: 1)
            result.end = YearMonth(year: year, month: 12)
        }
        return result
    }

    /// Joins a "start" and a "finish" column into one timeframe ("Tháng 01/2024" + "Trước 17/01").
    public func parse(start: String, finish: String) -> Timeframe {
        Self.merge(start: parse(start), finish: parse(finish))
    }

    static func merge(start s: Timeframe, finish e: Timeframe) -> Timeframe {
        if s.text == e.text || e.text.isEmpty { return s }
        if s.text.isEmpty { return e }
        var merged = Timeframe(text: "\(s.text) – \(e.text)")
        merged.start = s.start ?? e.start
        merged.end = e.end ?? e.deadline?.yearMonth ?? s.end
        merged.deadline = e.deadline
        merged.recurrence = s.recurrence ?? e.recurrence
        merged.rule = s.rule ?? e.rule
        if let a = merged.start, let b = merged.end, b < a { merged.end = a }
        return merged
    }

    // MARK: - Pieces

    private func fillYear(_ t: inout Timeframe) {
        guard let y = planYear else { return }
        t.start = YearMonth(year: y, month: 1)
        t.end = YearMonth(year: y, month: 12)
    }

    /// Dashes of every width become "-", "–" spacing is removed, "năm" joins its number.
    static func normalise(_ folded: String) -> String {
        var s = folded
        for dash in ["\u{2013}", "\u{2014}", "\u{2012}", "\u{2212}"] { s = s.replacingOccurrences(of: dash, with: "-") }
        s = s.replacingOccurrences(of: " - ", with: "-").replacingOccurrences(of: "- ", with: "-")
            .replacingOccurrences(of: " -", with: "-")
        s = s.replacingOccurrences(of: " / ", with: "/").replacingOccurrences(of: "/ ", with: "/")
            .replacingOccurrences(of: " /", with: "/")
        // "6tháng/lần" (a scan or a hurried typist drops the space) → "6 thang/lan"
        var spaced = ""
        for ch in s {
            if ch.isLetter, let last = spaced.last, last.isNumber { spaced.append(" ") }
            spaced.append(ch)
        }
        s = spaced
        // "Tháng. 12/2025": a stray mark between a word and its number (a scan's speck).
        s = s.replacingOccurrences(of: #"(\p{L})[.,] (?=\d)"#, with: "$1 ", options: .regularExpression)
        // "T5/2025", "t11" → "thang 5/2025", "thang 11"
        s = s.split(separator: " ", omittingEmptySubsequences: false).map { word -> String in
            word.count > 1 && word.first == "t" && word.dropFirst().first?.isNumber == true ? "thang " + word.dropFirst() : String(word)
        }.joined(separator: " ")
        return s.trimmed(of: " .;,:")
    }

    /// The condition that follows a schedule ("Hằng quý (khi nhận được kế hoạch của tỉnh)" → "Khi nhận được kế
    /// hoạch của tỉnh"), or nil when the text has none or is only a condition.
    public static func trailingCondition(_ raw: String) -> String? {
        guard let split = splitCondition(VietnameseText.clean(raw)), !split.head.isEmpty else { return nil }
        return split.condition
    }

    /// Cuts a timeframe at its first condition marker, dropping the joining words between the two
    /// ("hoặc", "và", commas, brackets). The condition starts with a capital, as a note would.
    static func splitCondition(_ text: String) -> (head: String, condition: String)? {
        let words = text.split(separator: " ").map(String.init)
        let folded = words.map { VietnameseText.fold($0).trimmed(of: "(),;:.-–") }
        var cut: Int?
        for i in folded.indices where cut == nil {
            let rest = folded[i...].joined(separator: " ") + " "
            if conditionMarkers.contains(where: { rest.hasPrefix($0) }) { cut = i }
        }
        guard let i = cut else { return nil }
        let joiners: Set<String> = ["hoac", "va", "hay", "hoac la", "ke ca", "ca", "hoac khi", "dot xuat"]
        var headEnd = i
        while headEnd > 0, joiners.contains(folded[headEnd - 1]) || folded[headEnd - 1].isEmpty { headEnd -= 1 }
        let head = words[..<headEnd].joined(separator: " ").trimmed(of: " ,;:(–-")
        var condition = words[i...].joined(separator: " ").trimmed(of: " ,;:()–-.")
        if let first = condition.first { condition = first.uppercased() + condition.dropFirst() }
        return (head, condition)
    }

    static let conditionMarkers = ["khi nhan duoc", "khi co ", "sau khi ", "ngay khi ", "khi phat sinh", "theo yeu cau", "khi duoc ",
                                   "theo ke hoach", "theo van ban", "theo chi dao", "theo huong dan", "theo lich", "theo thong bao",
                                   "theo quy dinh"]

    static func conditionClause(_ f: String) -> String? {
        for marker in conditionMarkers where f.contains(marker) {
            return marker
        }
        return nil
    }

    static let weekdays: [(String, String)] = [
        ("thu hai", "monday"), ("thu ba", "tuesday"), ("thu tu", "wednesday"), ("thu nam", "thursday"),
        ("thu sau", "friday"), ("thu bay", "saturday"), ("chu nhat", "sunday"),
    ]

    static func lastWeekdayRule(_ f: String) -> String? {
        let words = " " + f.filter { $0.isLetter || $0 == " " } + " "
        guard let day = weekdays.first(where: { words.contains(" " + $0.0 + " ") }) else { return nil }
        if f.contains("cuoi cung") || f.contains("cuoi thang") || f.contains("tuan cuoi") { return "last \(day.1)" }
        if f.contains("dau tien") || f.contains("dau thang") { return "first \(day.1)" }
        return day.1
    }

    /// "6 tháng/lần", "3 tháng một lần", "định kỳ 6 tháng 1 lần": a period of several months.
    static func everyMonths(_ f: String) -> Int? {
        let words = f.split(separator: " ").map(String.init)
        for (i, word) in words.enumerated() {
            guard let n = Int(word), (2...11).contains(n), i + 1 < words.count else { continue }
            let next = words[i + 1]
            let after = words.dropFirst(i + 2).prefix(2).joined(separator: " ")
            if next == "thang/lan" || (next == "thang" && (after.hasPrefix("mot lan") || after.hasPrefix("1 lan") || after.hasPrefix("/lan"))) {
                return n
            }
        }
        return nil
    }

    /// "ngày 15 hằng tháng", "vào ngày 5 mỗi tháng": the day of the month.
    static func dayOfMonth(_ f: String) -> Int? {
        let words = f.split(separator: " ").map(String.init)
        for (i, word) in words.enumerated() where word == "ngay" && i + 1 < words.count {
            if let day = Int(words[i + 1]), (1...31).contains(day) { return day }
        }
        return nil
    }

    static func recurrence(_ f: String) -> Timeframe.Recurrence? {
        let table: [(String, Timeframe.Recurrence)] = [
            ("hang thang", .monthly), ("moi thang", .monthly), ("thang mot lan", .monthly), ("dinh ky thang", .monthly),
            ("hang quy", .quarterly), ("moi quy", .quarterly), ("dinh ky quy", .quarterly), ("quy mot lan", .quarterly),
            ("lan/quy", .quarterly), ("lan moi quy", .quarterly), ("quy/lan", .quarterly), ("lan/thang", .monthly), ("thang/lan", .monthly),
            ("lan/tuan", .weekly), ("tuan/lan", .weekly), ("lan/nam", .yearly), ("nam/lan", .yearly),
            ("hang tuan", .weekly), ("moi tuan", .weekly), ("tuan mot lan", .weekly),
            ("hang nam", .yearly), ("moi nam", .yearly),
            ("thuong xuyen", .continuous), ("lien tuc", .continuous), ("quanh nam", .continuous), ("ca nam", .continuous),
            ("suot nam", .continuous),
        ]
        return table.first(where: { f.contains($0.0) })?.1
    }

    /// "quý II/2025", "quý 3 năm 2025", "quý I".
    /// "quý II/2025", "quý 3 năm 2025", "quý I", "quý I, II/2025", "quý I và quý III" (first to last quarter named).
    func quarter(_ f: String) -> (YearMonth, YearMonth)? {
        guard let range = f.range(of: "quy ") else { return nil }
        let romans = ["i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4]
        var quarters: [Int] = []
        for word in f[range.upperBound...].split(whereSeparator: { $0 == " " || $0 == "," }) {
            let numeral = word.split(separator: "/").first.map(String.init) ?? ""
            if let q = romans[numeral] { quarters.append(q); continue }
            if word == "va" || word == "quy" { continue }
            break
        }
        guard let first = quarters.min(), let last = quarters.max() else { return nil }
        let year = Self.numbers(in: String(f[range.upperBound...])).first(where: { $0 > 1900 }) ?? planYear
        guard let y = year, let s = YearMonth(year: y, month: first * 3 - 2), let e = YearMonth(year: y, month: last * 3) else { return nil }
        return (s, e)
    }

    /// "Đầu năm" → the first quarter; "cuối năm" → the last.
    func partOfYear(_ f: String) -> (YearMonth, YearMonth)? {
        guard let y = Self.numbers(in: f).first(where: { $0 > 1900 }) ?? planYear else { return nil }
        if f.hasPrefix("dau nam") { return YearMonth(year: y, month: 1).flatMap { s in YearMonth(year: y, month: 3).map { (s, $0) } } }
        if f.hasPrefix("cuoi nam") { return YearMonth(year: y, month: 10).flatMap { s in YearMonth(year: y, month: 12).map { (s, $0) } } }
        return nil
    }

    /// "01/01/2025 - 31/12/2025", "từ ngày 01/3/2025 đến ngày 30/6/2025".
    func dateRange(_ f: String) -> (CalendarDate, CalendarDate)? {
        let dates = f.split(whereSeparator: { $0 == " " || $0 == "-" }).compactMap { word -> CalendarDate? in
            let parts = word.split(separator: "/").compactMap { Int($0) }
            guard parts.count == 3, parts[2] > 1900 else { return nil }
            return CalendarDate(year: parts[2], month: parts[1], day: parts[0])
        }
        guard dates.count == 2, dates[0] <= dates[1] else { return nil }
        return (dates[0], dates[1])
    }

    func halfYear(_ f: String) -> (YearMonth, YearMonth)? {
        let year = Self.numbers(in: f).first(where: { $0 > 1900 }) ?? planYear
        guard let y = year else { return nil }
        if f.contains("6 thang dau") || f.contains("sau thang dau") {
            return YearMonth(year: y, month: 1).flatMap { s in YearMonth(year: y, month: 6).map { (s, $0) } }
        }
        if f.contains("6 thang cuoi") || f.contains("sau thang cuoi") {
            return YearMonth(year: y, month: 7).flatMap { s in YearMonth(year: y, month: 12).map { (s, $0) } }
        }
        return nil
    }

    /// "Trước 17/01", "trước ngày 30 tháng 01 năm 2024", "Chậm nhất tháng 4/2025", "chậm nhất ngày 15/3/2025".
    func deadline(_ f: String) -> (date: CalendarDate?, month: YearMonth?)? {
        let markers = ["cham nhat", "truoc ngay", "truoc", "han chot", "den het ngay", "hoan thanh truoc"]
        let leading = ["den ngay ", "den "] // "Đến 30/6/2025" — only at the start, "từ … đến …" is a range
        guard let marker = markers.first(where: { f.hasPrefix($0) || f.contains(" " + $0 + " ") || f.contains($0 + " ") })
                ?? leading.first(where: { f.hasPrefix($0) && f.dropFirst($0.count).first?.isNumber == true }),
              let r = f.range(of: marker) else { return nil }
        let rest = String(f[r.upperBound...]).trimmed()
        let nums = Self.numbers(in: rest)
        if rest.hasPrefix("thang") {
            // month deadline: last day of that month
            guard let m = nums.first, let y = nums.dropFirst().first(where: { $0 > 1900 }) ?? planYear,
                  let ym = YearMonth(year: y, month: m) else { return nil }
            return (CalendarDate(year: y, month: m, day: CalendarDate.daysIn(month: m, year: y)), ym)
        }
        guard nums.count >= 2 else { return nil }
        let d = nums[0], m = nums[1]
        guard let y = nums.dropFirst(2).first(where: { $0 > 1900 }) ?? planYear,
              let date = CalendarDate(year: y, month: m, day: d) else { return nil }
        return (date, date.yearMonth)
    }

    /// "Tháng 01/2025", "Tháng 5-10/2025", "Từ tháng 6 đến tháng 10 năm 2025", "tháng 3", "tháng 11/2024 - tháng 2/2025".
    func explicitRange(_ f: String) -> (YearMonth, YearMonth)? {
        guard f.contains("thang") else { return nil }
        // Collect month mentions with an optional year after each.
        var months: [(Int, Int?)] = []
        var trailingYear: Int?
        let scanner = Self.tokens(f)
        var i = 0
        var sawMonthWord = false
        while i < scanner.count {
            let tok = scanner[i]
            if tok == "thang" { sawMonthWord = true; i += 1; continue }
            if tok == "nam", i + 1 < scanner.count, let y = Int(scanner[i + 1]), y > 1900 {
                trailingYear = y
                if let last = months.last, last.1 == nil { months[months.count - 1].1 = y }
                i += 2
                continue
            }
            if sawMonthWord, let _ = tok.first?.wholeNumberValue {
                // forms: "5", "5-10", "5-10/2025", "01/2025", "11/2024-2/2025"
                for piece in tok.split(separator: "-") {
                    let parts = piece.split(separator: "/").compactMap { Int($0) }
                    guard let m = parts.first else { continue }
                    if parts.count >= 2, parts[1] > 1900 {
                        months.append((m, parts[1]))
                        // "5-10/2025": the year applies to the earlier months without one
                        for j in months.indices where months[j].1 == nil { months[j].1 = parts[1] }
                    } else if m > 1900 {
                        trailingYear = m
                        for j in months.indices where months[j].1 == nil { months[j].1 = m }
                    } else {
                        months.append((m, nil))
                    }
                }
            }
            i += 1
        }
        guard let first = months.first, let last = months.last else { return nil }
        let fallback = trailingYear ?? planYear
        guard let y1 = first.1 ?? fallback, let y2 = last.1 ?? fallback,
              let s = YearMonth(year: y1, month: first.0), let e = YearMonth(year: y2, month: last.0), s <= e else { return nil }
        return (s, e)
    }

    static func wholeYear(_ f: String) -> Int? {
        guard f.hasPrefix("nam ") || f.hasPrefix("trong nam") else { return nil }
        return numbers(in: f).first(where: { $0 > 1900 })
    }

    static func tokens(_ f: String) -> [String] {
        f.split(whereSeparator: { $0 == " " || $0 == "," || $0 == ";" || $0 == "(" || $0 == ")" }).map(String.init)
            .flatMap { tok -> [String] in
                // "den" joins ranges written in words
                tok == "den" ? ["-"] : [tok]
            }
            .reduce(into: [String]()) { acc, tok in
                if tok == "-", let last = acc.last, last.first?.isNumber == true {
                    acc[acc.count - 1] = last + "-"
                } else if let last = acc.last, last.hasSuffix("-"), tok.first?.isNumber == true {
                    acc[acc.count - 1] = last + tok
                } else if tok == "-" {
                    return
                } else {
                    acc.append(tok)
                }
            }
    }

    static func numbers(in s: String) -> [Int] {
        var out: [Int] = []
        var current = 0
        var inNumber = false
        for ch in s {
            if let d = ch.wholeNumberValue, ch.isASCII {
                current = current < 1_000_000 ? current * 10 + d : current // long digit runs cannot overflow
                inNumber = true
            } else if inNumber {
                out.append(current)
                current = 0
                inNumber = false
            }
        }
        if inNumber { out.append(current) }
        return out
    }
}
