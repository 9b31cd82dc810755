import Domain
import Fluent
import Vapor

/// Contests and their results through the API (bearer tokens, the same access rule as the pages): the list the
/// account may read, and one contest's rounds with the individual and collective rankings (as published, else live).
struct ContestAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.apiContests, use: list)
        routes.on(.apiContestResults, load: Contest.self, need: .read, use: results)
    }

    struct ContestDTO: Content {
        let id: UUID
        let title: String
        let unitID: UUID
        let unit: String
        let link: String
        let createdAt: Date
    }

    struct ContestList: Content {
        let items: [ContestDTO]
    }

    struct RoundDTO: Content {
        let number: Int
        /// "quiz" or "creative".
        let kind: String
        let opensAt: Date
        let closesAt: Date
        /// "staff", "citizens" or null for both.
        let audience: String?
        /// 0 until published; each correction is a new version.
        let publishedVersion: Int
        let publishedAt: Date?
        /// The prediction question's true value (entries with every answer right), once published.
        let allCorrect: Int?
        let results: [ContestService.ResultRow]
        let collective: [ContestService.CollectiveRow]
        /// A creative round's entries, ranked by the judges' mean.
        let entries: [ContestService.CreativeRow]
    }

    struct ResultsDTO: Content {
        let contest: ContestDTO
        let rounds: [RoundDTO]
    }

    private func dto(_ req: Request, _ contest: Contest) throws -> ContestDTO {
        ContestDTO(id: try contest.requireID(), title: contest.title, unitID: contest.$unit.id, unit: contest.unit.name,
                   link: ContestController.publicLink(req, contest), createdAt: contest.createdAt)
    }

    @Sendable func list(req: Request, viewer: Viewer) async throws -> ContestList {
        let contests = try await Contest.query(on: req.db).visible(to: viewer).with(\.$unit).sort(\.$createdAt, .descending).limit(500).all()
        return ContestList(items: try contests.map { try dto(req, $0) })
    }

    @Sendable func results(req: Request, viewer: Viewer, contest: Contest) async throws -> ResultsDTO {
        let rounds = try await ContestRound.query(on: req.db).filter(\.$contest.$id == contest.requireID()).sort(\.$number).all()
        var views: [RoundDTO] = []
        for r in rounds {
            let (people, units) = try await ContestService.shown(of: r, now: req.now, on: req.db)
            let entries = r.isCreative ? try await ContestService.creativeResults(of: r, on: req.db).rows : []
            views.append(RoundDTO(number: r.number, kind: r.isCreative ? "creative" : "quiz", opensAt: r.opensAt, closesAt: r.closesAt, audience: r.audienceRaw, publishedVersion: r.publishedVersion,
                                  publishedAt: r.publishedAt, allCorrect: r.publishedAt == nil ? nil : r.actual, results: people, collective: units,
                                  entries: entries))
        }
        return ResultsDTO(contest: try dto(req, contest), rounds: views)
    }
}
