import Foundation

/// What one unit's records say for a year, by measure: the app counts them (grouped queries for a whole block at
/// once), the evaluator turns them into points.
public struct UnitMeasures: Sendable, Equatable, Codable {
    /// A part of a whole ("8 of 10 assignments done"); a whole of 0 means the feature holds no data for the unit.
    public struct Ratio: Sendable, Equatable, Codable {
        public var part: Int
        public var whole: Int
        public init(_ part: Int, of whole: Int) { self.part = max(0, part); self.whole = max(0, whole) }
        public static let none = Ratio(0, of: 0)
        /// The ratio in 0…1 (a part above the whole counts as the whole).
        public var value: Decimal? { whole > 0 ? Decimal(min(part, whole)) / Decimal(whole) : nil }
    }

    /// Verified activities of the year by channel and kind.
    public struct ActivityCount: Sendable, Equatable, Codable {
        public var channel: ActivityChannel
        public var kind: ActivityKind
        public var count: Int
        public init(channel: ActivityChannel, kind: ActivityKind, count: Int) { self.channel = channel; self.kind = kind; self.count = count }
    }

    public var planCompletion: Ratio
    public var objectivesMet: Ratio
    public var activities: [ActivityCount]
    public var reportsOnTime: Ratio
    public var surveyTargetsMet: Ratio
    public var contestParticipation: Ratio
    public var questionsOnTime: Ratio

    public init(planCompletion: Ratio = .none, objectivesMet: Ratio = .none, activities: [ActivityCount] = [], reportsOnTime: Ratio = .none,
                surveyTargetsMet: Ratio = .none, contestParticipation: Ratio = .none, questionsOnTime: Ratio = .none) {
        self.planCompletion = planCompletion; self.objectivesMet = objectivesMet; self.activities = activities
        self.reportsOnTime = reportsOnTime; self.surveyTargetsMet = surveyTargetsMet
        self.contestParticipation = contestParticipation; self.questionsOnTime = questionsOnTime
    }

    public func ratio(_ measure: ScoringMeasure) -> Ratio? {
        switch measure {
        case .planCompletion: return planCompletion
        case .objectivesMet: return objectivesMet
        case .reportsOnTime: return reportsOnTime
        case .surveyTargetsMet: return surveyTargetsMet
        case .contestParticipation: return contestParticipation
        case .questionsOnTime: return questionsOnTime
        case .activities: return nil
        }
    }

    public func count(_ filter: ActivityFilter) -> Int {
        activities.filter { filter.matches(channel: $0.channel, kind: $0.kind) }.reduce(0) { $0.addingSaturated($1.count) }
    }

    /// The listed names no verified activity covers.
    public func missing(_ filter: ActivityFilter) -> [String] {
        filter.items.filter { item in !activities.contains { $0.count > 0 && filter.covers(item, channel: $0.channel, kind: $0.kind) } }.map(\.name)
    }
}

/// One criterion's points for one unit, where they came from, and what would gain the missing ones.
public struct CriterionScore: Sendable, Equatable, Codable {
    public var code: String
    public var name: String
    public var maxPoints: Decimal
    public var points: Decimal
    /// What the measure read, in words ("9/10 phân công (90%)"); nil for a group.
    public var reading: String?
    /// The measure holds no data for the unit: 0 points, said so rather than silently.
    public var noData: Bool
    /// Which measure had no data (the leaf's own, or the one its award reads).
    public var missing: ScoringMeasure?
    /// "Thêm 2 hoạt động đã xác nhận (bảng điện tử) → +0,25".
    public var gains: [String]
    public var children: [CriterionScore]
    public var measure: ScoringMeasure?
}

public struct UnitScoreCard: Sendable, Equatable, Codable {
    public var criteria: [CriterionScore]
    public var points: Decimal
    public var maxPoints: Decimal
    /// The measures the rule reads that hold no data for the unit.
    public var noData: [String]

    public var allGains: [String] {
        func walk(_ c: CriterionScore) -> [String] { c.gains.map { "\(c.code) — \($0)" } + c.children.flatMap(walk) }
        return criteria.flatMap(walk)
    }
}

public enum ScoreEvaluator {
    public static func score(_ rule: ScoringRule, _ m: UnitMeasures) -> UnitScoreCard {
        let criteria = rule.criteria.map { evaluate($0, m) }
        var noData: [String] = []
        func collect(_ c: CriterionScore) {
            if c.noData, let label = (c.missing ?? c.measure)?.label, !noData.contains(label) { noData.append(label) }
            c.children.forEach(collect)
        }
        criteria.forEach(collect)
        return UnitScoreCard(criteria: criteria, points: criteria.reduce(0) { $0 + $1.points }, maxPoints: rule.maxPoints, noData: noData)
    }

    static func evaluate(_ c: ScoringRule.Criterion, _ m: UnitMeasures) -> CriterionScore {
        guard let leaf = c.leaf else {
            let children = c.children.map { evaluate($0, m) }
            let sum = children.reduce(Decimal(0)) { $0 + $1.points }
            return CriterionScore(code: c.code, name: c.name, maxPoints: c.maxPoints, points: min(sum, c.maxPoints), reading: nil,
                                  noData: false, missing: nil, gains: [], children: children, measure: nil)
        }
        var out = CriterionScore(code: c.code, name: c.name, maxPoints: c.maxPoints, points: 0, reading: nil, noData: false, missing: nil,
                                 gains: [], children: [], measure: leaf.measure)
        let max = c.maxPoints
        func cap(_ p: Decimal) -> Decimal { ScorePoints.rounded(Swift.max(0, Swift.min(p, max))) }
        switch leaf.measure {
        case .activities(let filter):
            let n = m.count(filter)
            out.reading = "\(n) \(leaf.measure.noun)" + (filter.isEmpty ? "" : " (\(filter.label))")
            switch leaf.method {
            case .atLeast(let need):
                out.points = n >= need ? max : 0
                if n < need { out.gains = ["Thêm \(need - n) \(leaf.measure.noun)\(filter.isEmpty ? "" : " (\(filter.label))") → +\(ScorePoints.text(max))"] }
            case .eachOf:
                let missing = m.missing(filter)
                out.points = missing.isEmpty ? max : 0
                if !missing.isEmpty {
                    out.reading = (out.reading ?? "") + "; còn thiếu: \(missing.joined(separator: ", "))"
                    out.gains = ["Thêm \(leaf.measure.noun) cho: \(missing.joined(separator: ", ")) → +\(ScorePoints.text(max))"]
                }
            case .perRecord(let each):
                out.points = cap(Decimal(n) * each)
                let remaining = max - out.points
                if remaining > 0 {
                    let need = ceiling(remaining / each)
                    out.gains = ["Thêm \(need) \(leaf.measure.noun)\(filter.isEmpty ? "" : " (\(filter.label))") → +\(ScorePoints.text(remaining))"]
                }
            case .steps(let steps, let otherwise):
                let reached = steps.first { Decimal(n) >= $0.threshold }
                let (p, nd) = award(reached?.award ?? otherwise, own: nil, m, max)
                out.points = p; out.noData = nd
                for step in steps.reversed() where Decimal(n) < step.threshold {
                    let (gain, _) = award(step.award, own: nil, m, max)
                    if gain > out.points {
                        out.gains.append("Đạt \(ScorePoints.text(step.threshold)) \(leaf.measure.noun) (thêm \(ceiling(step.threshold - Decimal(n)))) → +\(ScorePoints.text(gain - out.points))")
                        break
                    }
                }
            case .linear:
                out.points = 0
            }
        default:
            let r = m.ratio(leaf.measure) ?? .none
            guard let value = r.value else {
                out.noData = true
                out.missing = leaf.measure
                out.reading = "Chưa có dữ liệu (không có \(leaf.measure.noun) nào trong năm)"
                out.gains = ["Chưa có dữ liệu để tính: \(leaf.measure.label.lowercased()) cần có \(leaf.measure.noun) trên hệ thống"]
                return out
            }
            out.reading = "\(r.part)/\(r.whole) \(leaf.measure.noun) (\(percentText(value)))"
            switch leaf.method {
            case .linear:
                out.points = cap(value * max)
                if r.part < r.whole { out.gains = ["Thêm \(r.whole - r.part) \(leaf.measure.noun) đạt → +\(ScorePoints.text(max - out.points))"] }
            case .steps(let steps, let otherwise):
                let reached = steps.first { reaches(r, $0.threshold) }
                let chosen = reached?.award ?? otherwise
                let (p, nd) = award(chosen, own: value, m, max)
                out.points = p; out.noData = nd
                if nd, case .ratio(let other?, _) = chosen {
                    out.missing = other
                    out.gains.append("Chưa có dữ liệu để tính: \(other.label.lowercased()) cần có \(other.noun) được đo trên hệ thống")
                }
                for step in steps.reversed() where !reaches(r, step.threshold) {
                    let needed = Swift.max(0, ceiling(step.threshold * Decimal(r.whole) / 100) - r.part)
                    let (gain, _) = award(step.award, own: Decimal(r.part + needed) / Decimal(r.whole), m, max)
                    if gain > out.points {
                        out.gains.append("Thêm \(needed) \(leaf.measure.noun) đạt để đạt từ \(ScorePoints.text(step.threshold))% → +\(ScorePoints.text(gain - out.points))")
                        break
                    }
                }
            case .atLeast, .eachOf, .perRecord:
                out.points = 0
            }
        }
        return out
    }

    /// Whether part/whole reaches `percent`, exactly (no rounding): 899 of 1000 does not reach 90%.
    static func reaches(_ r: UnitMeasures.Ratio, _ percent: Decimal) -> Bool {
        Decimal(r.part) * 100 >= percent * Decimal(r.whole)
    }

    /// The points of an award, and whether the measure it reads held no data.
    static func award(_ a: ScoringRule.Award, own: Decimal?, _ m: UnitMeasures, _ max: Decimal) -> (Decimal, Bool) {
        switch a {
        case .points(let p): return (Swift.min(p, max), false)
        case .ratio(let measure, let factor):
            let value = measure.map { m.ratio($0)?.value } ?? own
            guard let value else { return (0, true) }
            return (ScorePoints.rounded(Swift.min(value * factor, max)), false)
        }
    }

    static func ceiling(_ d: Decimal) -> Int {
        var input = d, out = Decimal()
        NSDecimalRound(&out, &input, 0, .up)
        let n = NSDecimalNumber(decimal: out).doubleValue
        return n.isFinite && n < 1e9 ? Int(n) : 1_000_000_000
    }

    public static func percentText(_ value: Decimal) -> String {
        ScorePoints.text(ScorePoints.rounded(value * 100, scale: 1)) + "%"
    }
}
