import Foundation

/// The order of a contest's results as organisers announce them: most correct answers first, then the prediction
/// closest to the true number (an entry without a prediction after those with one), then the shortest time, then the
/// earliest submission. Entries equal on every key share a rank ("1, 2, 2, 4").
public enum ContestRanking {
    public struct Entry: Sendable, Equatable {
        public let id: UUID
        public let correct: Int
        public let prediction: Int?
        /// Seconds from start to submission.
        public let seconds: Int
        public let submittedAt: Date
        /// The person the entry belongs to, when a round allows several attempts: only their best is ranked.
        public let person: String?

        public init(id: UUID, correct: Int, prediction: Int?, seconds: Int, submittedAt: Date, person: String? = nil) {
            self.id = id
            self.person = person
            self.correct = correct
            self.prediction = prediction
            self.seconds = seconds
            self.submittedAt = submittedAt
        }
    }

    public struct Ranked: Sendable, Equatable {
        public let entry: Entry
        public let rank: Int
        /// How far the prediction was from the true number (nil without a prediction or a true number).
        public let predictionGap: Int?
    }

    /// Ranks `entries`; `actual` is the prediction question's true value (nil while unknown: predictions then do not count).
    public static func rank(_ entries: [Entry], actual: Int?) -> [Ranked] {
        func gap(_ e: Entry) -> Int? {
            guard let actual, let p = e.prediction else { return nil }
            let (d, overflow) = p.subtractingReportingOverflow(actual)
            return overflow ? Int.max : d.magnitude > UInt(Int.max) ? Int.max : Int(d.magnitude)
        }
        func key(_ e: Entry) -> (Int, Int, Int, Double) {
            (-e.correct, gap(e) ?? Int.max, e.seconds, e.submittedAt.timeIntervalSince1970)
        }
        var seen = Set<String>()
        let sorted = entries.sorted { a, b in
            let (ka, kb) = (key(a), key(b))
            if ka != kb { return ka < kb }
            return a.id.uuidString < b.id.uuidString
        }.filter { e in e.person.map { seen.insert($0).inserted } ?? true } // each person's best attempt only
        var result: [Ranked] = []
        for (index, entry) in sorted.enumerated() {
            let rank = index > 0 && key(sorted[index - 1]) == key(entry) ? result[index - 1].rank : index + 1
            result.append(Ranked(entry: entry, rank: rank, predictionGap: gap(entry)))
        }
        return result
    }

    /// The prize winners among `ranked`: the eligible entries ranked among themselves (an ineligible entry takes no
    /// prize and pushes nobody down), those whose rank is within `prizes`. A tie on the last prize gives it to every
    /// tied entry, as juries do, and the count says so.
    public static func winners(_ ranked: [Ranked], eligible: (Entry) -> Bool, prizes: Int) -> Set<UUID> {
        guard prizes > 0 else { return [] }
        var winners = Set<UUID>()
        var position = 0
        var lastRank: Int?
        var eligibleRank = 0
        for r in ranked where eligible(r.entry) {
            position += 1
            if r.rank != lastRank { eligibleRank = position; lastRank = r.rank }
            guard eligibleRank <= prizes else { break }
            winners.insert(r.entry.id)
        }
        return winners
    }
}
