import Foundation

extension Timeframe {
    /// How the timeframe was understood, in the words a user checks it by: "05/2025–10/2025",
    /// "Hằng tháng (thứ Bảy cuối tháng)", "Chậm nhất 15/04/2025", "Thường xuyên"; "Chưa đọc được" when nothing was.
    public var summary: String {
        var parts: [String] = []
        if let recurrence {
            parts.append(Self.recurrenceLabel(recurrence) + (rule.flatMap(Self.ruleLabel).map { " (\($0))" } ?? ""))
        } else if let rule {
            parts.append(Self.ruleLabel(rule) ?? rule)
        }
        if let start, let end, start != end {
            parts.append(Self.monthText(start) + "–" + Self.monthText(end))
        } else if let month = start ?? end, deadline == nil || recurrence != nil {
            parts.append(Self.monthText(month))
        }
        if let deadline { parts.append("Chậm nhất \(deadline.display)") }
        return parts.isEmpty ? "Chưa đọc được" : parts.joined(separator: ", ")
    }

    public static func recurrenceLabel(_ recurrence: Recurrence) -> String {
        switch recurrence {
        case .monthly: return "Hằng tháng"
        case .quarterly: return "Hằng quý"
        case .weekly: return "Hằng tuần"
        case .yearly: return "Hằng năm"
        case .continuous: return "Thường xuyên"
        }
    }

    static let weekdayNames = ["monday": "thứ Hai", "tuesday": "thứ Ba", "wednesday": "thứ Tư", "thursday": "thứ Năm",
                               "friday": "thứ Sáu", "saturday": "thứ Bảy", "sunday": "Chủ nhật"]

    /// "last saturday" → "thứ Bảy cuối tháng", "first monday" → "thứ Hai đầu tháng", "day 15" → "ngày 15".
    static func ruleLabel(_ rule: String) -> String? {
        let words = rule.lowercased().split(separator: " ").map(String.init)
        if let name = words.last, let day = weekdayNames[name] {
            switch words.first {
            case "last": return day + " cuối tháng"
            case "first": return day + " đầu tháng"
            default: return day
            }
        }
        if words.count == 2, words[0] == "day" { return "ngày \(words[1])" }
        if words.count == 3, words[0] == "every", words[2] == "months" { return "\(words[1]) tháng một lần" }
        return nil
    }

    static func monthText(_ m: YearMonth) -> String { (m.month < 10 ? "0" : "") + "\(m.month)/\(m.year)" }
}
