import Foundation

/// Which questions one attempt gets, and how it scores.
public enum ContestDraw {
    /// `count` questions at random from `bank`; with `perTopic` ("Thủ tục hành chính": 4 …) that many from each topic
    /// group (the groups a bank does not have enough questions for give what they have), the rest of `count` from any
    /// group. The numbers of the questions drawn, in the order they are shown.
    public static func draw<G: RandomNumberGenerator>(from bank: [ContestQuestion], count: Int, perTopic: [String: Int] = [:],
                                                      using generator: inout G) -> [Int] {
        var chosen: [Int] = []
        var left = bank.map(\.number)
        for (topic, wanted) in perTopic.sorted(by: { $0.key < $1.key }) where wanted > 0 {
            let group = bank.filter { ($0.topic ?? "") == topic }.map(\.number).filter(left.contains).shuffled(using: &generator)
            let taken = Array(group.prefix(wanted))
            chosen += taken
            left.removeAll { taken.contains($0) }
        }
        let rest = max(0, min(count, bank.count) - chosen.count)
        chosen += left.shuffled(using: &generator).prefix(rest)
        return chosen.shuffled(using: &generator)
    }

    /// How many of `questions` the `answers` (question number → chosen option indices) got right: a multiple-answer
    /// question counts only when exactly its right options are chosen.
    public static func correct(_ answers: [Int: [Int]], of questions: [ContestQuestion]) -> Int {
        questions.reduce(0) { total, q in
            guard let chosen = answers[q.number], Set(chosen) == Set(q.correct) else { return total }
            return total + 1
        }
    }
}
