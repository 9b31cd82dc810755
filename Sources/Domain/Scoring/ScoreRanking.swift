import Foundation

/// Ranks within a block by points, highest first; equal points share a rank and the next rank skips
/// (1, 2, 2, 4), as offices rank; within a tie, by name (Vietnamese order ignoring marks) for a stable table.
public enum ScoreRanking {
    public struct Entry<ID: Hashable & Sendable>: Sendable {
        public var id: ID
        public var name: String
        public var points: Decimal
        public init(id: ID, name: String, points: Decimal) { self.id = id; self.name = name; self.points = points }
    }

    public static func rank<ID>(_ entries: [Entry<ID>]) -> [(entry: Entry<ID>, rank: Int, tied: Bool)] {
        let sorted = entries.sorted {
            let a = ScorePoints.rounded($0.points), b = ScorePoints.rounded($1.points)
            return a != b ? a > b : VietnameseText.fold($0.name) < VietnameseText.fold($1.name)
        }
        var out: [(entry: Entry<ID>, rank: Int, tied: Bool)] = []
        for (index, entry) in sorted.enumerated() {
            let points = ScorePoints.rounded(entry.points)
            let rank = out.last.flatMap { ScorePoints.rounded($0.entry.points) == points ? $0.rank : nil } ?? index + 1
            out.append((entry, rank, false))
        }
        let counts = Dictionary(grouping: out, by: \.rank).mapValues(\.count)
        return out.map { ($0.entry, $0.rank, (counts[$0.rank] ?? 0) > 1) }
    }
}
