import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import App
import Domain

/// Answers go through the one contest writer, in groups: a save is acknowledged only when it is stored, many entrants
/// saving at the same instant all get their answers stored, and a save that a submission overtook is refused.
extension ContestFlowTests {
    @Test func savesAtTheSameInstantAreAllStoredAndASaveAfterSubmissionIsRefused() async throws {
        try await withContest { app, clock, contest, _ in
            var entrants: [Browser] = []
            for n in 0..<12 {
                let (b, started) = try await enter(app, contest, name: "Người thi \(n)", cccd: "07912345\(String(format: "%04d", n))")
                #expect(started.status == .seeOther)
                entrants.append(b)
            }
            let code = contest.publicCode
            let barrier = Barrier(count: entrants.count)
            let statuses = try await withThrowingTaskGroup(of: UInt.self) { group in
                for (n, b) in entrants.enumerated() {
                    group.addTask {
                        var mine = b
                        await barrier.wait()
                        return try await mine.post("/thi/\(code)/luu", [("q1", "\(n % 2)"), ("q2", "\(n % 3)")], withCSRF: false).status.code
                    }
                }
                var out: [UInt] = []
                for try await s in group { out.append(s) }
                return out
            }
            #expect(statuses == Array(repeating: 204, count: entrants.count))
            for n in 0..<entrants.count {
                let attempt = try #require(try await ContestAttempt.query(on: app.db).filter(\.$personKey == "cccd:07912345\(String(format: "%04d", n))").first())
                #expect(try ContestService.answers(of: attempt) == [1: [n % 2], 2: [n % 3]])
            }

            // A save read the attempt before another tab submitted it: it is refused, and the submitted answers stay.
            let attempt = try #require(try await ContestAttempt.query(on: app.db).filter(\.$personKey == "cccd:079123450000").with(\.$round).first())
            let fresh = try #require(try await ContestAttempt.query(on: app.db).filter(\.$id == attempt.requireID()).with(\.$round).first())
            _ = try await ContestService.submit(fresh, answers: [1: [0], 2: [1]], predicted: 3, now: clock.now, writer: app.contestWriter, on: app.db)
            await #expect(throws: AppError.self) {
                try await ContestService.save(attempt, answers: [1: [1]], now: clock.now, writer: app.contestWriter, on: app.db)
            }
            let stored = try #require(try await ContestAttempt.find(attempt.requireID(), on: app.db))
            #expect(stored.submittedAt != nil && stored.correct == 2 && stored.predicted == 3)
            #expect(try ContestService.answers(of: stored) == [1: [0], 2: [1]])
        }
    }
}
