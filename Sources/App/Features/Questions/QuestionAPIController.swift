import Vapor

/// The Q&A figures through the API, for the units the token's account reads.
struct QuestionAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.apiQuestionFigures, use: figures)
    }

    @Sendable func figures(req: Request, viewer: Viewer) async throws -> QuestionFigures.Summary {
        try await QuestionFigures.compute(scope: viewer.scope(.read), year: req.queryYear, today: req.application.clock.today(), on: req.db)
    }
}
