import Foundation
import Testing
@testable import Domain

/// The test plans under `Fixtures/`, and a readable comparison of two plans.
enum Fixture {
    static func path(_ name: String) throws -> String {
        try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures")).path
    }

    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: try path(name)))
    }

    /// The fixture read by the importer as a user's file would be.
    static func plan(_ name: String) throws -> Plan {
        try PlanImporter().importFile(at: try path(name))
    }

    static func json(_ plan: Plan) -> String {
        (try? plan.jsonData()).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    /// The JSON lines that differ, for a readable failure.
    static func difference(_ a: Plan, _ b: Plan) -> String {
        let x = json(a).split(separator: "\n"), y = json(b).split(separator: "\n")
        var out: [String] = []
        for i in 0..<max(x.count, y.count) where (i < x.count ? x[i] : "") != (i < y.count ? y[i] : "") {
            out.append("line \(i + 1): expected \(i < x.count ? x[i] : "∅") | imported \(i < y.count ? y[i] : "∅")")
            if out.count >= 8 { break }
        }
        return out.joined(separator: "\n")
    }
}

/// A repeatable random number generator (linear congruential), so generated test data is the same on every run.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return state
    }
}
