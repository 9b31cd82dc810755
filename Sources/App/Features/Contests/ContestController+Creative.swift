import Domain
import Fluent
import Vapor

/// Creative rounds on the contest pages: a round's view (entries ranked by the judges' mean), and on the contest list
/// the creative rounds open now that the viewer's unit may enter (organised above it).
extension ContestController {
    struct OpenRound: Encodable {
        let contestID: UUID
        let number: Int
        let title: String
        let organiser: String
        let closes: String
    }

    /// Creative rounds taking entries now from contests organised by the viewer's unit or above it.
    static func openCreativeRounds(_ req: Request, _ viewer: Viewer) async throws -> [OpenRound] {
        let now = req.now
        let rounds = try await ContestRound.query(on: req.db).filter(\.$kind == ContestRound.creative).filter(\.$opensAt <= now)
            .filter(\.$closesAt > now).sort(\.$closesAt).limit(200).all()
        return try await listed(rounds, on: req.db) { ContestService.mayEnter(viewer, $0) }
    }

    /// The rounds with their contests, those whose contest passes `keep`.
    private static func listed(_ rounds: [ContestRound], on db: any Database, keep: (Contest) -> Bool = { _ in true }) async throws -> [OpenRound] {
        guard !rounds.isEmpty else { return [] }
        let contests = try await Contest.query(on: db).filter(\.$id ~~ Set(rounds.map { $0.$contest.id })).with(\.$unit).all()
        return rounds.compactMap { r in
            guard let c = contests.first(where: { $0.id == r.$contest.id }), keep(c), let id = c.id else { return nil }
            return OpenRound(contestID: id, number: r.number, title: c.title, organiser: c.unit.name, closes: AppClock.display(r.closesAt))
        }
    }

    /// Closed creative rounds, not yet published, that the viewer judges.
    static func roundsToJudge(_ req: Request, _ viewer: Viewer) async throws -> [OpenRound] {
        let now = req.now
        let judged = try await ContestJudge.query(on: req.db).filter(\.$user.$id == viewer.user.requireID()).with(\.$round).all()
            .map(\.round).filter { $0.closesAt <= now && $0.publishedVersion == 0 }
        return try await listed(judged, on: req.db)
    }

    func creativeView(_ req: Request, _ viewer: Viewer, _ contest: Contest, _ r: ContestRound) async throws -> RoundView {
        let now = req.now
        let (rows, complete) = try await ContestService.creativeResults(of: r, on: req.db)
        let words = r.wordLimits
        let creative = Creative(rows: rows, rubric: try r.rubric.criteria.map { "\($0.name) (\($0.max))" }.joined(separator: "; "),
                                judges: try await ContestService.judges(of: r, on: req.db).map(\.fullName).joined(separator: ", "),
                                complete: complete, isJudge: try await ContestService.isJudge(viewer, of: r, on: req.db))
        return RoundView(number: r.number, window: "\(AppClock.display(r.opensAt)) – \(AppClock.display(r.closesAt))", minutes: 0, questions: 0,
                         state: r.isOpen(at: now) ? "Đang nhận bài" : r.opensAt > now ? "Chưa mở" : "Đã đóng",
                         results: [], groups: [], collective: [],
                         setup: "sáng tác, mỗi đơn vị một bài" + (words.isEmpty ? "" : ", \(words) chữ") + " · giải: \(r.prizes.count(for: nil))",
                         published: r.publishedAt.map { "Đã công bố lần \(r.publishedVersion) lúc \(AppClock.display($0))" },
                         mayPublish: now >= r.closesAt && viewer.may(.edit, contest.unit), actual: nil, creative: creative)
    }

}
