import Foundation

/// A share measured on a sample, with its 95% Wilson interval, and how it stands against a target.
public struct Estimate: Codable, Sendable, Equatable {
    public enum Verdict: String, Codable, Sendable {
        case met, notMet = "not_met", undetermined, noData = "no_data"

        public var label: String {
            switch self {
            case .met: return "Đạt"
            case .notMet: return "Chưa đạt"
            case .undetermined: return "Chưa phân định được"
            case .noData: return "Chưa có số liệu"
            }
        }
    }

    /// Respondents meeting the condition, and respondents counted (for a stratified roll-up: the effective sample size).
    public var successes: Double
    public var n: Double
    /// The share, 0…1 (for a roll-up, the population-weighted share).
    public var value: Double
    public var low: Double
    public var high: Double
    /// A census (every record counted, not a sample): the value is exact and the interval is the value itself.
    public var census: Bool

    public init(successes: Double, n: Double, value: Double? = nil, census: Bool = false) {
        self.successes = successes
        self.n = n
        let p = value ?? (n > 0 ? successes / n : 0)
        self.value = p
        self.census = census
        if census || n <= 0 {
            (low, high) = (p, p)
        } else {
            (low, high) = Wilson.interval(p: p, n: n)
        }
    }

    public static func sample(_ successes: Int, of n: Int) -> Estimate { Estimate(successes: Double(successes), n: Double(n)) }
    public static func census(_ successes: Int, of n: Int) -> Estimate { Estimate(successes: Double(successes), n: Double(n), census: true) }

    /// Met when the whole interval is at or above the target, not met when it is all below, otherwise the sample
    /// cannot tell the two apart (more answers are needed).
    public func verdict(target: Double) -> Verdict {
        guard n > 0 else { return .noData }
        let t = target / 100
        let epsilon = 1e-12
        if low + epsilon >= t { return .met }
        if high + epsilon < t { return .notMet }
        return .undetermined
    }

    /// "78,0%" (one decimal, Vietnamese comma).
    public static func percent(_ share: Double) -> String {
        String(format: "%.1f", share * 100).replacingOccurrences(of: ".", with: ",") + "%"
    }

    public var valueText: String { n > 0 ? Self.percent(value) : "—" }
    /// "73,7% – 81,8%", or "toàn bộ" for a census.
    public var intervalText: String {
        guard n > 0 else { return "—" }
        return census ? "Đếm toàn bộ" : Self.percent(low) + " – " + Self.percent(high)
    }
}

public enum Wilson {
    /// z for a two-sided 95% interval.
    public static let z95 = 1.959963984540054

    /// The Wilson score interval of a share `p` measured on `n` respondents.
    public static func interval(p: Double, n: Double, z: Double = z95) -> (low: Double, high: Double) {
        guard n > 0 else { return (0, 1) }
        let z2 = z * z
        let centre = (p + z2 / (2 * n)) / (1 + z2 / n)
        let half = z / (1 + z2 / n) * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
        return (max(0, centre - half), min(1, centre + half))
    }

    public static func interval(successes: Int, n: Int, z: Double = z95) -> (low: Double, high: Double) {
        interval(p: n > 0 ? Double(successes) / Double(n) : 0, n: Double(n), z: z)
    }
}

/// The sample a survey needs and how it is spread over the units.
public enum SamplePlan {
    public static let defaultMargin = 0.05

    /// Slovin's formula n = N / (1 + N·e²), rounded up; never more than N.
    public static func size(population: Int, margin: Double = defaultMargin) -> Int {
        guard population > 0 else { return 0 }
        guard margin > 0 else { return population }
        let n = Double(population) / (1 + Double(population) * margin * margin)
        return min(population, Int((n - 1e-9).rounded(.up)))
    }

    /// `total` spread over units in proportion to their populations (largest remainders, so the parts add up to the
    /// total), each part at most its population.
    public static func allocate(_ total: Int, populations: [Int]) -> [Int] {
        let sum = populations.reduce(0) { $0 + max(0, $1) }
        guard sum > 0, total > 0 else { return populations.map { _ in 0 } }
        let target = min(total, sum)
        let quotas = populations.map { Double(target) * Double(max(0, $0)) / Double(sum) }
        var parts = quotas.map { Int($0.rounded(.down)) }
        var left = target - parts.reduce(0, +)
        let order = quotas.indices.sorted { (quotas[$0] - Double(parts[$0]), populations[$0]) > (quotas[$1] - Double(parts[$1]), populations[$1]) }
        var i = 0
        while left > 0 && i < order.count * 2 {
            let k = order[i % order.count]
            if parts[k] < populations[k] { parts[k] += 1; left -= 1 }
            i += 1
        }
        return parts
    }
}

/// Estimates rolled up a tree of units, each weighted by its population: a parent's share is Σ Nᵢ·pᵢ / Σ Nᵢ over its
/// children that have answers (a stratified estimate), not the plain average of the children's shares. Its interval is
/// Wilson's at the effective sample size p(1−p)/Var, with Var = Σ (Nᵢ/N)²·pᵢ(1−pᵢ)/nᵢ.
public enum PopulationRollup {
    public struct Node: Sendable, Equatable {
        public var id: String
        public var parent: String?
        public var population: Int
        /// Respondents of this unit itself (not of the units below it).
        public var successes: Int
        public var n: Int
        public init(id: String, parent: String?, population: Int, successes: Int, n: Int) {
            self.id = id
            self.parent = parent
            self.population = population
            self.successes = successes
            self.n = n
        }
    }

    /// Each node's estimate: a leaf's from its own answers; a node with children from its children weighted by their
    /// populations (its own respondents, if any, form one more stratum with the population not in its children).
    public static func estimates(_ nodes: [Node]) -> [String: Estimate] {
        let ids = Set(nodes.map(\.id))
        var children: [String: [Node]] = [:]
        for node in nodes { if let p = node.parent, ids.contains(p) { children[p, default: []].append(node) } }
        var memo: [String: (estimate: Estimate, variance: Double, respondents: Int)] = [:]

        func visit(_ node: Node, depth: Int) -> (estimate: Estimate, variance: Double, respondents: Int) {
            if let done = memo[node.id] { return done }
            var strata: [(population: Double, p: Double, variance: Double)] = []
            let kids = depth < 64 ? (children[node.id] ?? []) : []
            var covered = 0
            var respondents = node.n
            for kid in kids {
                let r = visit(kid, depth: depth + 1)
                covered += kid.population
                respondents += r.respondents
                if r.estimate.n > 0 { strata.append((Double(kid.population), r.estimate.value, r.variance)) }
            }
            if node.n > 0 {
                let p = Double(node.successes) / Double(node.n)
                let rest = kids.isEmpty ? node.population : max(0, node.population - covered)
                strata.append((Double(kids.isEmpty ? max(node.population, 1) : rest), p, p * (1 - p) / Double(node.n)))
            }
            let weight = strata.reduce(0) { $0 + $1.population }
            let result: (estimate: Estimate, variance: Double, respondents: Int)
            if kids.isEmpty {
                let e = Estimate.sample(node.successes, of: node.n)
                result = (e, node.n > 0 ? e.value * (1 - e.value) / Double(node.n) : 0, node.n)
            } else if weight <= 0 {
                result = (Estimate(successes: 0, n: 0), 0, respondents)
            } else {
                let p = strata.reduce(0) { $0 + $1.population * $1.p } / weight
                let variance = strata.reduce(0) { $0 + ($1.population / weight) * ($1.population / weight) * $1.variance }
                // Effective sample size: what a simple sample with the same variance would be; all the answers when
                // every stratum is unanimous (no variance to go by).
                let effective = variance > 0 && p > 0 && p < 1 ? p * (1 - p) / variance : Double(respondents)
                result = (Estimate(successes: p * effective, n: effective, value: p), variance, respondents)
            }
            memo[node.id] = result
            return result
        }
        var out: [String: Estimate] = [:]
        for node in nodes { out[node.id] = visit(node, depth: 0).estimate }
        return out
    }
}
