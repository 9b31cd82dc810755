import Foundation

/// When a task is to be done, as written in the plan and as understood.
public struct Timeframe: Codable, Equatable, Sendable {
    public enum Recurrence: String, Codable, Sendable {
        case monthly, quarterly, weekly, yearly, continuous
    }

    public var text: String
    public var start: YearMonth?
    public var end: YearMonth?
    public var recurrence: Recurrence?
    public var rule: String?
    public var deadline: CalendarDate?

    public init(text: String, start: YearMonth? = nil, end: YearMonth? = nil, recurrence: Recurrence? = nil,
                rule: String? = nil, deadline: CalendarDate? = nil) {
        self.text = text
        self.start = start
        self.end = end
        self.recurrence = recurrence
        self.rule = rule
        self.deadline = deadline
    }

    /// True when the text was understood (some date, recurrence or rule came out of it).
    public var isUnderstood: Bool {
        start != nil || end != nil || recurrence != nil || rule != nil || deadline != nil
    }

    enum CodingKeys: String, CodingKey { case text, start, end, recurrence, rule, deadline }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        text = try c.decodeIfPresent(String.self, forKey: .text) ?? ""
        start = try c.decodeIfPresent(YearMonth.self, forKey: .start)
        end = try c.decodeIfPresent(YearMonth.self, forKey: .end)
        recurrence = try c.decodeIfPresent(Recurrence.self, forKey: .recurrence)
        rule = try c.decodeIfPresent(String.self, forKey: .rule)
        deadline = try c.decodeIfPresent(CalendarDate.self, forKey: .deadline)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(text, forKey: .text)
        try c.encode(start, forKey: .start)
        try c.encode(end, forKey: .end)
        try c.encode(recurrence, forKey: .recurrence)
        try c.encode(rule, forKey: .rule)
        try c.encode(deadline, forKey: .deadline)
    }
}
