import Foundation

/// What a periodic report says in numbers, all of it taken from the records: the plans run, the assignments due in
/// the period and how they stand at its cut-off, the activities by kind and by channel with their reach, notable
/// items, money spent, sections other features plug in (surveys, contests, citizen Q&A), and for a unit with units
/// below it one row per child. A submitted report keeps a copy (`Codable`), so later edits to the records show as
/// a difference instead of changing it silently.
public struct ReportFigures: Codable, Sendable, Equatable {
    public struct PlanRef: Codable, Sendable, Equatable {
        public var number: String?
        public var issuedOn: CalendarDate?
        public var title: String
        public var issuer: String

        public init(number: String?, issuedOn: CalendarDate?, title: String, issuer: String) {
            self.number = number
            self.issuedOn = issuedOn
            self.title = title
            self.issuer = issuer
        }

        /// "Kế hoạch số 12/KH-UBND ngày 14/02/2025 của Ủy ban nhân dân huyện Châu Thành".
        public var citation: String {
            var text = "Kế hoạch" + (number.map { " số \($0)" } ?? "")
            if let issuedOn { text += " ngày \(issuedOn.display)" }
            return text + " của \(issuer)"
        }
    }

    /// Activities of one kind or channel.
    public struct Line: Codable, Sendable, Equatable {
        public var key: String
        public var label: String
        public var count: Int
        public var reach: Int
        public init(key: String, label: String, count: Int, reach: Int) {
            self.key = key
            self.label = label
            self.count = count
            self.reach = reach
        }
    }

    public struct Notable: Codable, Sendable, Equatable {
        public var date: CalendarDate
        public var title: String
        public var kind: String
        public var unit: String
        public var reach: Int
        public init(date: CalendarDate, title: String, kind: String, unit: String, reach: Int) {
            self.date = date
            self.title = title
            self.kind = kind
            self.unit = unit
            self.reach = reach
        }
    }

    /// A section another feature supplies (surveys, contests, citizen Q&A): a table, or a note when it has nothing.
    public struct Section: Codable, Sendable, Equatable {
        public var key: String
        public var title: String
        public var header: [String]
        public var rows: [[String]]
        public var note: String?
        public init(key: String, title: String, header: [String], rows: [[String]], note: String? = nil) {
            self.key = key
            self.title = title
            self.header = header
            self.rows = rows
            self.note = note
        }
    }

    /// One unit right below, with its whole subtree.
    public struct Child: Codable, Sendable, Equatable {
        public var name: String
        public var work: WorkProgress
        public var activities: Int
        public var reach: Int
        public var cost: Int64
        /// "Đã nộp 12/03/2025", "Nộp muộn 22/03/2025", "Chưa nộp".
        public var report: String
        public init(name: String, work: WorkProgress, activities: Int, reach: Int, cost: Int64, report: String) {
            self.name = name
            self.work = work
            self.activities = activities
            self.reach = reach
            self.cost = cost
            self.report = report
        }
    }

    public var window: ReportWindow
    public var unit: String
    public var plans: [PlanRef] = []
    /// The unit's own assignments due in the period, as they stood at its cut-off.
    public var work = WorkProgress()
    public var byKind: [Line] = []
    public var byChannel: [Line] = []
    public var notable: [Notable] = []
    public var cost: Int64 = 0
    public var sections: [Section] = []
    public var children: [Child] = []

    public init(window: ReportWindow, unit: String) {
        self.window = window
        self.unit = unit
    }

    public var activities: Int { byKind.saturatedSum(\.count) }
    public var reach: Int { byKind.saturatedSum(\.reach) }

    /// The unit's own work and its children's together (the totals row of a consolidated report).
    public var totalWork: WorkProgress {
        var total = WorkProgress()
        for child in children { total.add(child.work) }
        total.add(work)
        return total
    }
    public var totalActivities: Int { activities.addingSaturated(children.saturatedSum(\.activities)) }
    public var totalReach: Int { reach.addingSaturated(children.saturatedSum(\.reach)) }
    public var totalCost: Int64 { cost.addingSaturated(children.saturatedSum(\.cost)) }

    /// The figures a reader compares, by name, in the report's order.
    public var headline: [(label: String, value: String)] {
        var lines: [(String, String)] = [
            ("Nhiệm vụ đến hạn trong kỳ", "\(work.assigned)"),
            ("Hoàn thành đúng hạn", "\(work.doneOnTime)"),
            ("Hoàn thành trễ hạn", "\(work.doneLate)"),
            ("Quá hạn chưa hoàn thành", "\(work.overdue)"),
            ("Đang thực hiện", "\(work.open)"),
            ("Đã hủy", "\(work.cancelled)"),
            ("Số hoạt động tuyên truyền", "\(activities)"),
            ("Lượt người được tiếp cận", "\(reach)"),
            ("Kinh phí đã sử dụng (đồng)", Self.money(cost)),
        ]
        lines += byKind.map { ("Hoạt động: \($0.label)", "\($0.count)") }
        lines += byChannel.map { ("Kênh: \($0.label)", "\($0.count)") }
        for child in children {
            lines.append(("\(child.name): nhiệm vụ hoàn thành", "\(child.work.done)/\(child.work.assigned)"))
            lines.append(("\(child.name): hoạt động", "\(child.activities)"))
        }
        if !children.isEmpty {
            lines.append(("Toàn đơn vị: nhiệm vụ hoàn thành", "\(totalWork.done)/\(totalWork.assigned)"))
            lines.append(("Toàn đơn vị: hoạt động", "\(totalActivities)"))
        }
        return lines
    }

    /// What changed between a submitted copy and the records now: one line per figure that differs.
    public struct Change: Codable, Sendable, Equatable {
        public var label: String
        public var was: String
        public var now: String
    }

    public func changes(to now: ReportFigures) -> [Change] {
        let before = Dictionary(headline.map { ($0.label, $0.value) }, uniquingKeysWith: { a, _ in a })
        let after = Dictionary(now.headline.map { ($0.label, $0.value) }, uniquingKeysWith: { a, _ in a })
        var seen = Set<String>()
        var list: [Change] = []
        for label in headline.map(\.label) + now.headline.map(\.label) where seen.insert(label).inserted {
            let was = before[label] ?? "0", current = after[label] ?? "0"
            if was != current { list.append(Change(label: label, was: was, now: current)) }
        }
        return list
    }

    /// "1.250.000": thousands separated by dots, as Vietnamese documents write money.
    public static func money(_ value: Int64) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "." }
            out.append(c)
        }
        return (value < 0 ? "-" : "") + out
    }
}
