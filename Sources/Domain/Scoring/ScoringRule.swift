import Foundation

/// A communication criterion of the reform (PAR) index as data: a tree of criteria with maximum points, the leaves
/// each reading one measure of the unit's records and turning it into points (thresholds, linear parts, per record,
/// "any of" / "each of" evidence conditions); a parent scores the sum of its children, capped at its maximum. Written
/// by the home-affairs office in the line form `ScoringRuleText` reads; versioned per year and block by the app.
public struct ScoringRule: Sendable, Equatable, Codable {
    public var criteria: [Criterion]

    public init(criteria: [Criterion]) { self.criteria = criteria }

    public var maxPoints: Decimal { criteria.reduce(0) { $0 + $1.maxPoints } }

    /// Every measure some leaf reads (awards included), so the app computes only those.
    public var measures: Set<ScoringMeasure> {
        var out = Set<ScoringMeasure>()
        func walk(_ c: Criterion) {
            if let leaf = c.leaf {
                out.insert(leaf.measure)
                if case .steps(let steps, _) = leaf.method {
                    for step in steps { if case .ratio(let m?, _) = step.award { out.insert(m) } }
                }
            }
            c.children.forEach(walk)
        }
        criteria.forEach(walk)
        return out
    }

    public struct Criterion: Sendable, Equatable, Codable {
        public var code: String
        public var name: String
        public var maxPoints: Decimal
        /// How a leaf scores; nil for a group (the sum of `children`, capped at `maxPoints`).
        public var leaf: Leaf?
        public var children: [Criterion]
        /// The line of the rule text it came from.
        public var line: Int

        public init(code: String, name: String, maxPoints: Decimal, leaf: Leaf?, children: [Criterion] = [], line: Int = 0) {
            self.code = code; self.name = name; self.maxPoints = maxPoints; self.leaf = leaf; self.children = children; self.line = line
        }
    }

    public struct Leaf: Sendable, Equatable, Codable {
        public var measure: ScoringMeasure
        public var method: Method
        public init(measure: ScoringMeasure, method: Method) { self.measure = measure; self.method = method }
    }

    public enum Method: Sendable, Equatable, Codable {
        /// The first step whose threshold the measure reaches (percent of a ratio, or a count), else `otherwise`.
        case steps([Step], otherwise: Award)
        /// `maxPoints` × the measure's ratio.
        case linear
        /// So many points per counted record, up to `maxPoints`.
        case perRecord(Decimal)
        /// `maxPoints` when at least this many records match ("any of" the listed channels or kinds).
        case atLeast(Int)
        /// `maxPoints` when every listed channel or kind has at least one record ("each of").
        case eachOf
    }

    public struct Step: Sendable, Equatable, Codable {
        /// A percent for ratio measures, a count for counted ones.
        public var threshold: Decimal
        public var award: Award
        public init(threshold: Decimal, award: Award) { self.threshold = threshold; self.award = award }
    }

    public enum Award: Sendable, Equatable, Codable {
        case points(Decimal)
        /// The ratio of a measure (nil: the leaf's own) × a factor, e.g. "mục tiêu đạt × 1" (4 of 5 → 0,8).
        case ratio(ScoringMeasure?, Decimal)
    }
}

/// What a leaf reads from a unit's records for the scored year.
public enum ScoringMeasure: Sendable, Hashable, Codable {
    /// Assignments done ÷ assignments not cancelled, of the plans of the year.
    case planCompletion
    /// Numeric targets of the unit's plans met ÷ targets measured (by survey or by the records).
    case objectivesMet
    /// Verified activities of the year, of the listed channels and kinds (empty: any).
    case activities(ActivityFilter)
    /// Periodic reports submitted by their deadline ÷ reports due in the year.
    case reportsOnTime
    /// Survey-measured targets whose confidence interval says "met" ÷ those measured.
    case surveyTargetsMet
    /// The unit's staff who took part in the year's contests ÷ its staff.
    case contestParticipation
    /// Citizen questions answered by their deadline ÷ questions due in the year.
    case questionsOnTime

    public var label: String {
        switch self {
        case .planCompletion: return "Tỷ lệ hoàn thành kế hoạch"
        case .objectivesMet: return "Tỷ lệ mục tiêu, chỉ tiêu đạt"
        case .activities(let f): return f.isEmpty ? "Hoạt động đã xác nhận" : "Hoạt động đã xác nhận (\(f.label))"
        case .reportsOnTime: return "Tỷ lệ báo cáo đúng hạn"
        case .surveyTargetsMet: return "Tỷ lệ chỉ tiêu khảo sát đạt"
        case .contestParticipation: return "Tỷ lệ tham gia cuộc thi"
        case .questionsOnTime: return "Tỷ lệ câu hỏi trả lời đúng hạn"
        }
    }

    /// What one counted record is called ("phân công", "báo cáo" …).
    public var noun: String {
        switch self {
        case .planCompletion: return "phân công"
        case .objectivesMet, .surveyTargetsMet: return "chỉ tiêu"
        case .activities: return "hoạt động đã xác nhận"
        case .reportsOnTime: return "báo cáo"
        case .contestParticipation: return "người tham gia"
        case .questionsOnTime: return "câu hỏi"
        }
    }

    public var isCount: Bool { if case .activities = self { return true } else { return false } }
}

/// Which activities a measure counts: those of any listed channel and any listed kind (an empty list: any).
public struct ActivityFilter: Sendable, Hashable, Codable {
    public var channels: Set<ActivityChannel>
    public var kinds: Set<ActivityKind>
    /// The names as the rule wrote them, for "each of" (each name must be covered) and for messages.
    public var items: [Item]

    public struct Item: Sendable, Hashable, Codable {
        public var name: String
        public var channels: Set<ActivityChannel>
        public var kinds: Set<ActivityKind>
        public init(name: String, channels: Set<ActivityChannel> = [], kinds: Set<ActivityKind> = []) {
            self.name = name; self.channels = channels; self.kinds = kinds
        }
    }

    public init(channels: Set<ActivityChannel> = [], kinds: Set<ActivityKind> = [], items: [Item] = []) {
        self.channels = channels; self.kinds = kinds; self.items = items
    }

    public var isEmpty: Bool { channels.isEmpty && kinds.isEmpty }
    public var label: String { items.map(\.name).joined(separator: ", ") }

    public func matches(channel: ActivityChannel, kind: ActivityKind) -> Bool {
        (channels.isEmpty || channels.contains(channel)) && (kinds.isEmpty || kinds.contains(kind))
    }

    /// Whether `item` is covered by an activity of `channel` and `kind` (inside the filter's other dimension).
    public func covers(_ item: Item, channel: ActivityChannel, kind: ActivityKind) -> Bool {
        guard matches(channel: channel, kind: kind) else { return false }
        return item.channels.contains(channel) || item.kinds.contains(kind)
    }
}

/// Points as offices write them: up to two decimals, a decimal comma ("0,25").
public enum ScorePoints {
    public static func rounded(_ value: Decimal, scale: Int = 2) -> Decimal {
        var input = value, out = Decimal()
        NSDecimalRound(&out, &input, scale, .plain)
        return out
    }

    public static func text(_ value: Decimal) -> String {
        let r = rounded(value)
        var s = NSDecimalNumber(decimal: r).stringValue
        if s.hasPrefix("-0") && r == 0 { s = "0" }
        return s.replacingOccurrences(of: ".", with: ",")
    }

    /// "0,25", "0.25", "1", "2" → the value; nil for anything else or more than two decimals.
    public static func parse(_ text: String) -> Decimal? {
        let t = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ".")
        guard !t.isEmpty, t.count <= 12, t.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
              t.filter({ $0 == "." }).count <= 1, t.first != ".", t.last != "." else { return nil }
        if let dot = t.firstIndex(of: "."), t.distance(from: dot, to: t.endIndex) > 3 { return nil }
        return Decimal(string: t, locale: Locale(identifier: "en_US_POSIX"))
    }

    public static func double(_ value: Decimal) -> Double { NSDecimalNumber(decimal: value).doubleValue }
}

extension ScoringRule {
    /// The activity filters the rule's leaves read.
    public var activityFilters: [ActivityFilter] {
        measures.compactMap { if case .activities(let f) = $0 { return f } else { return nil } }
    }

    /// The channels every filter of the rule (and each listed item) treats alike, as classes in `allCases` order: an
    /// activity of one channel of a class scores as one of any other, so a block's activities can be counted by class
    /// (a few rows a unit) instead of by channel.
    public var channelClasses: [[ActivityChannel]] {
        Self.classes(ActivityChannel.allCases) { c in activityFilters.flatMap { f in [f.channels.contains(c)] + f.items.map { $0.channels.contains(c) } } }
    }

    /// The kinds every filter of the rule (and each listed item) treats alike, as classes (see `channelClasses`).
    public var kindClasses: [[ActivityKind]] {
        Self.classes(ActivityKind.allCases) { k in activityFilters.flatMap { f in [f.kinds.contains(k)] + f.items.map { $0.kinds.contains(k) } } }
    }

    static func classes<T>(_ all: [T], signature: (T) -> [Bool]) -> [[T]] {
        var order: [[Bool]] = []
        var groups: [[Bool]: [T]] = [:]
        for value in all {
            let s = signature(value)
            if groups[s] == nil { order.append(s) }
            groups[s, default: []].append(value)
        }
        return order.compactMap { groups[$0] }
    }
}
