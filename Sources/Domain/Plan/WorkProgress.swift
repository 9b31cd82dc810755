import Foundation

/// How far a set of assignments has come on a day: done on time, done late, open (not yet due), overdue, cancelled.
public struct WorkProgress: Equatable, Sendable, Codable {
    public var doneOnTime = 0
    public var doneLate = 0
    public var open = 0
    public var overdue = 0
    public var cancelled = 0

    public init() {}

    /// `status` is "open", "done" or "cancelled"; an open assignment past its due date is overdue.
    public mutating func add(status: String, due: CalendarDate, done: CalendarDate?, today: CalendarDate) {
        switch status {
        case "done": if let done, done > due { doneLate += 1 } else { doneOnTime += 1 }
        case "cancelled": cancelled += 1
        default: if due < today { overdue += 1 } else { open += 1 }
        }
    }

    /// Another set's counts added to these (a unit's subtree summed up).
    public mutating func add(_ other: WorkProgress) {
        doneOnTime += other.doneOnTime
        doneLate += other.doneLate
        open += other.open
        overdue += other.overdue
        cancelled += other.cancelled
    }

    /// Assignments that count (cancelled ones do not).
    public var total: Int { doneOnTime + doneLate + open + overdue }

    /// Done, on time or late.
    public var done: Int { doneOnTime + doneLate }

    /// Every assignment, cancelled ones included (a report's "due in the period").
    public var assigned: Int { total + cancelled }

    /// Done, on time or late, as a whole percentage of those that count.
    public var percentDone: Int { total == 0 ? 0 : Int((Double(doneOnTime + doneLate) * 100 / Double(total)).rounded()) }

    enum CodingKeys: String, CodingKey { case doneOnTime, doneLate, open, overdue, cancelled, total, percentDone, done, assigned }

    /// The counts (a submitted report's copy); the figures derived from them are computed again.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        doneOnTime = try c.decode(Int.self, forKey: .doneOnTime)
        doneLate = try c.decode(Int.self, forKey: .doneLate)
        open = try c.decode(Int.self, forKey: .open)
        overdue = try c.decode(Int.self, forKey: .overdue)
        cancelled = try c.decode(Int.self, forKey: .cancelled)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(doneOnTime, forKey: .doneOnTime)
        try c.encode(doneLate, forKey: .doneLate)
        try c.encode(open, forKey: .open)
        try c.encode(overdue, forKey: .overdue)
        try c.encode(cancelled, forKey: .cancelled)
        try c.encode(total, forKey: .total)
        try c.encode(percentDone, forKey: .percentDone)
        try c.encode(done, forKey: .done)
        try c.encode(assigned, forKey: .assigned)
    }
}
